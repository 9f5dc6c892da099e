/**
 * Runs one fuzz target inside a worker thread, so the test process can stop it when a case hangs
 * (worker.terminate() interrupts even a synchronous endless loop) and so a runaway JS heap ends the
 * worker instead of the test run (resourceLimits). Started by runFuzz in ./harness.ts.
 *
 * Shared heartbeat (see harness.ts): int32 [0] = 1 while a case runs, [1] = index of the case;
 * float64 [1] = when it started (ms since the epoch).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import type { FuzzTarget } from './target.js';

export interface FuzzJob {
  moduleUrl: string;
  name: string;
  runs: number;
  seed: number;
  /** replays one case (fast-check's counterexample path) instead of a campaign */
  path?: string;
  heartbeat: SharedArrayBuffer;
}

export interface FuzzResult {
  failed: boolean;
  numRuns: number;
  numShrinks: number;
  seed: number;
  counterexamplePath: string | null;
  /** the shrunk failing input, shortened; the whole of it is in `counterexampleFile` */
  counterexample?: string;
  counterexampleFile?: string;
  error?: string;
  ms: number;
  slowestCaseMs: number;
  largestGrowthBytes: number;
  /** how many cases ended each way, from the labels check() returns (e.g. 'parsed', 'DataError') */
  outcomes: Record<string, number>;
}

const DEFAULT_ALLOCATION_LIMIT = 64 * 1024 * 1024;
const DEFAULT_MAX_CASE_MS = 5000;

async function runJob(job: FuzzJob): Promise<FuzzResult> {
  const module = (await import(job.moduleUrl)) as Record<string, FuzzTarget<unknown>>;
  const target = module[job.name];
  if (target === undefined) throw new Error(`${job.moduleUrl} exports no fuzz target ${job.name}`);
  const state = new Int32Array(job.heartbeat, 0, 2);
  const started = new Float64Array(job.heartbeat, 8, 1);
  const maxCaseMs = target.maxCaseMs ?? DEFAULT_MAX_CASE_MS;
  const outcomes: Record<string, number> = {};
  let slowestCaseMs = 0;
  let largestGrowthBytes = 0;
  let index = 0;

  const property = fc.asyncProperty(target.arbitrary, async (value) => {
    started[0] = performance.timeOrigin + performance.now();
    Atomics.store(state, 1, index++);
    Atomics.store(state, 0, 1);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    let label: unknown;
    try {
      label = await target.check(value);
    } finally {
      Atomics.store(state, 0, 0);
    }
    const ms = performance.now() - t0;
    const growth = process.memoryUsage().arrayBuffers - before;
    slowestCaseMs = Math.max(slowestCaseMs, ms);
    largestGrowthBytes = Math.max(largestGrowthBytes, growth);
    const key = typeof label === 'string' ? label : 'ok';
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (ms > maxCaseMs) throw new Error(`the case took ${ms.toFixed(0)} ms, more than the ${maxCaseMs} ms allowed`);
    const limit = target.allocationLimit?.(value) ?? DEFAULT_ALLOCATION_LIMIT;
    if (growth > limit) throw new Error(`the case allocated ${growth} bytes of ArrayBuffers, more than the ${limit} allowed`);
  });

  await target.setup?.();
  const t0 = performance.now();
  let details: fc.RunDetails<[unknown]>;
  try {
    details = await fc.check(property, {
      numRuns: job.runs,
      seed: job.seed,
      ...(job.path !== undefined ? { path: job.path, endOnFailure: true } : {}),
    });
  } finally {
    await target.teardown?.();
  }
  const result: FuzzResult = {
    failed: details.failed,
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    seed: details.seed,
    counterexamplePath: details.counterexamplePath,
    ms: performance.now() - t0,
    slowestCaseMs,
    largestGrowthBytes,
    outcomes,
  };
  if (details.failed) {
    const error = details.errorInstance;
    result.error = error instanceof Error ? error.message : String(error);
    const shown = fc.stringify(details.counterexample?.[0]);
    result.counterexample = shown.length > 2000 ? `${shown.slice(0, 2000)}… (${shown.length} characters)` : shown;
    const file = join(tmpdir(), `platypus-fuzz-${job.name}-${job.seed}.txt`);
    writeFileSync(file, `${result.error}\n\ncounterexample (path ${details.counterexamplePath}):\n${shown}\n`);
    result.counterexampleFile = file;
  }
  return result;
}

const port = parentPort;
if (port !== null) {
  runJob(workerData as FuzzJob).then(
    (result) => port.postMessage({ result }),
    (e: unknown) => port.postMessage({ crash: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}
