/**
 * Runs a fuzz target (./target.ts) in a worker thread (./worker.ts) under a watchdog.
 *
 * Each target states its base number of cases; the environment scales them, so `npm test` runs the
 * base counts and `npm run fuzz` (scripts/fuzz.mjs) runs ten times more with a fresh seed:
 *
 *   PLATYPUS_FUZZ_SCALE  multiplies every target's case count (default 1)
 *   PLATYPUS_FUZZ_SEED   the base seed (default: fixed, so CI runs are reproducible)
 *   PLATYPUS_FUZZ_ONLY   run only the target of this name (the others are skipped)
 *   PLATYPUS_FUZZ_PATH   with ONLY and SEED, replay the case at this fast-check path (from a failure report)
 *
 * A case that runs longer than `hangMs` is a hang: the worker is terminated and the test fails with
 * the seed and path that replay it. A worker whose JS heap passes `heapMb` dies with an out-of-memory
 * error, which fails the test too.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FuzzJob, FuzzResult } from './worker.js';

export interface FuzzOptions {
  /** cases at scale 1 */
  runs: number;
  /** a case running longer than this is a hang. @default 30000 */
  hangMs?: number;
  /** the worker's JS heap limit. @default 1024 */
  heapMb?: number;
}

/** The case-count multiplier from PLATYPUS_FUZZ_SCALE. */
export function fuzzScale(): number {
  const text = process.env['PLATYPUS_FUZZ_SCALE'];
  if (text === undefined || text === '') return 1;
  const scale = Number(text);
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`PLATYPUS_FUZZ_SCALE must be a number > 0, got '${text}'`);
  return scale;
}

/** A 32-bit seed for a target: the base seed mixed with the target's name, so targets differ. */
function seedFor(name: string): number {
  const text = process.env['PLATYPUS_FUZZ_SEED'];
  const base = text === undefined || text === '' ? 20240601 : Number(text);
  if (!Number.isInteger(base)) throw new Error(`PLATYPUS_FUZZ_SEED must be a whole number, got '${text}'`);
  if (process.env['PLATYPUS_FUZZ_PATH'] !== undefined) return base; // replaying: the seed as printed
  let h = base | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Why a target is skipped, or false to run it. */
export function skipUnlessSelected(name: string): string | false {
  const only = process.env['PLATYPUS_FUZZ_ONLY'];
  return only !== undefined && only !== '' && only !== name ? `PLATYPUS_FUZZ_ONLY=${only}` : false;
}

/** Runs target `name` exported by `module`, failing the test on any counterexample, hang or crash. */
export async function runFuzz(t: TestContext, module: URL, name: string, options: FuzzOptions): Promise<FuzzResult> {
  const runs = Math.max(1, Math.round(options.runs * fuzzScale()));
  const seed = seedFor(name);
  const path = process.env['PLATYPUS_FUZZ_PATH'] || undefined;
  const hangMs = options.hangMs ?? 30_000;
  const heartbeat = new SharedArrayBuffer(16);
  const state = new Int32Array(heartbeat, 0, 2);
  const started = new Float64Array(heartbeat, 8, 1);
  const job: FuzzJob = { moduleUrl: module.href, name, runs, seed, heartbeat, ...(path !== undefined ? { path } : {}) };
  const replay = (index: number): string => `PLATYPUS_FUZZ_ONLY=${name} PLATYPUS_FUZZ_SEED=${seed} PLATYPUS_FUZZ_PATH=${index}`;

  const result = await new Promise<FuzzResult>((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? 1024 },
    });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      f();
    };
    const watchdog = setInterval(() => {
      if (Atomics.load(state, 0) !== 1) return;
      const ms = Date.now() - started[0]!;
      if (ms <= hangMs) return;
      const index = Atomics.load(state, 1);
      void worker.terminate();
      settle(() => reject(new Error(`${name}: case ${index} hung (running for ${ms} ms, limit ${hangMs} ms); replay with ${replay(index)}`)));
    }, 200);
    worker.on('message', (message: { result?: FuzzResult; crash?: string }) => {
      if (message.result) settle(() => resolve(message.result!));
      else settle(() => reject(new Error(`${name}: the fuzz worker crashed: ${message.crash}`)));
    });
    worker.on('error', (e) => {
      const index = Atomics.load(state, 1);
      settle(() => reject(new Error(`${name}: the fuzz worker died during case ${index} (${e.message}); replay with ${replay(index)}`)));
    });
    worker.on('exit', (code) => settle(() => reject(new Error(`${name}: the fuzz worker exited with code ${code} before reporting`))));
  });

  const outcomes = Object.entries(result.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  t.diagnostic(
    `${name}: ${result.numRuns} cases in ${(result.ms / 1000).toFixed(1)} s (seed ${result.seed}); slowest case ${result.slowestCaseMs.toFixed(0)} ms; ` +
      `largest allocation ${(result.largestGrowthBytes / 1048576).toFixed(1)} MiB; outcomes: ${outcomes}`,
  );
  if (result.failed) {
    assert.fail(
      `${name} failed after ${result.numRuns} cases (${result.numShrinks} shrinks): ${result.error}\n` +
        `counterexample: ${result.counterexample}\n(full text in ${result.counterexampleFile})\n` +
        `replay with ${replay(Number.NaN).replace(/NaN$/, String(result.counterexamplePath))}`,
    );
  }
  return result;
}
