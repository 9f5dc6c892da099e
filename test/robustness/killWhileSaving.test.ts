/**
 * Saving survives SIGKILL: 200 times, a child process (./saver.ts) saves models A and B alternately
 * with writeFileAtomic (saveModel's write), and is killed at a seeded random moment. After its first save completes, the model
 * path must always hold A or B, whole, and load; temporary files left by the kills must never be
 * read as the model, and must not get in the way of later saves and loads.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { STALE_TEMP_MS, loadModel, saveModel, writeFileAtomic } from '../../src/cli/modelStore.js';
import { serializeModel } from '../../src/io/modelFile.js';
import { Rng } from '../../src/tensor/rng.js';
import { platypus } from '../helpers/cli.js';
import { fixtureModel } from './saveFixtures.js';

const ROUNDS = 200;
const LANES = 2;
const SEED = 20240611;
const saver = fileURLToPath(new URL('./saver.js', import.meta.url));
const texts = { A: serializeModel(fixtureModel('A')), B: serializeModel(fixtureModel('B')) };
const scratch: string[] = [];
after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The two model texts, in files for the children to read. */
const textFiles = ((): [string, string] => {
  const dir = mkdtempSync(join(tmpdir(), 'platypus-kill-texts-'));
  scratch.push(dir);
  writeFileSync(join(dir, 'A.json'), texts.A);
  writeFileSync(join(dir, 'B.json'), texts.B);
  return [join(dir, 'A.json'), join(dir, 'B.json')];
})();
const TEMP = /^\.model\.json\.\d+\.\d+\.tmp$/;

interface RoundResult {
  /** the child printed "saved": its first save had completed */
  firstSaved: boolean;
  /** when the kill was sent, in ms after the first save (or after the spawn when not waiting for it) */
  killedAfterMs: number;
}

/** Starts a saver on `path` and SIGKILLs it `delayMs` after its first save (or after its start). */
function round(path: string, delayMs: number, waitForFirstSave: boolean): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [saver, path, ...textFiles], { stdio: ['ignore', 'pipe', 'pipe'] });
    let firstSaved = false;
    let stderr = '';
    let armedAt = performance.now();
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    let timer = waitForFirstSave ? undefined : setTimeout(kill, delayMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!firstSaved && chunk.toString().includes('saved')) {
        firstSaved = true;
        if (waitForFirstSave) {
          armedAt = performance.now();
          timer = setTimeout(kill, delayMs);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the saver ended by itself (code ${code}, signal ${signal}): ${stderr}`));
      else resolve({ firstSaved, killedAfterMs: performance.now() - armedAt });
    });
  });
}

/** The model file holds A or B exactly, and loads into that model. */
function checkModelFile(path: string, context: string): 'A' | 'B' {
  assert.ok(existsSync(path), `${context}: the model file exists`);
  const text = readFileSync(path, 'utf8');
  const which = text === texts.A ? 'A' : text === texts.B ? 'B' : undefined;
  assert.ok(which, `${context}: the model file is neither A nor B (${text.length} characters: ${text.slice(0, 60)}…${text.slice(-40)})`);
  const loaded = loadModel(path);
  assert.equal(loaded.targetName, which === 'A' ? 'digit' : 'kind', context);
  assert.equal(serializeModel(loaded), texts[which], `${context}: loads into model ${which}`);
  return which;
}

/** One lane: ROUNDS / LANES rounds on one model path, killed at seeded random moments. */
async function lane(index: number): Promise<{ rounds: number; sawB: number; tempsLeft: number; incompleteTemps: number }> {
  const dir = mkdtempSync(join(tmpdir(), `platypus-kill-${index}-`));
  scratch.push(dir);
  const path = join(dir, 'model.json');
  const rng = new Rng(SEED + index);
  let saved = false;
  let sawB = 0;
  const rounds = ROUNDS / LANES;
  for (let r = 0; r < rounds; r++) {
    // Mostly kill within 25 ms of the first save (a save takes a few ms, mostly fsync); sometimes at any
    // moment from the start, before the first save may have happened.
    const waitForFirstSave = rng.uniform() < 0.85;
    const delayMs = waitForFirstSave ? rng.uniform() * 25 : rng.uniform() * 120;
    const result = await round(path, delayMs, waitForFirstSave);
    const context = `lane ${index}, round ${r + 1} (killed ${result.killedAfterMs.toFixed(1)} ms after ${waitForFirstSave ? 'the first save' : 'the start'})`;
    saved ||= result.firstSaved || existsSync(path);
    if (saved) {
      if (checkModelFile(path, context) === 'B') sawB++;
    } else {
      assert.ok(!existsSync(path), `${context}: no model file before any save completed`);
    }
  }
  // Temporary files left by the kills are not the model: never complete-and-renamed, never read.
  const temps = readdirSync(dir).filter((name) => TEMP.test(name));
  const incompleteTemps = temps.filter((name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    return text !== texts.A && text !== texts.B;
  }).length;
  assert.deepEqual(readdirSync(dir).filter((name) => name !== 'model.json' && !TEMP.test(name)), [], 'only the model and temporary files');
  checkModelFile(path, `lane ${index} after all rounds`);
  return { rounds, sawB, tempsLeft: temps.length, incompleteTemps };
}

test(`SIGKILL at ${ROUNDS} random moments while saving never leaves a missing or broken model file`, { timeout: 120_000 }, async (t) => {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
  const total = results.reduce((s, r) => ({ rounds: s.rounds + r.rounds, sawB: s.sawB + r.sawB, tempsLeft: s.tempsLeft + r.tempsLeft, incompleteTemps: s.incompleteTemps + r.incompleteTemps }));
  t.diagnostic(
    `${total.rounds} kills in ${((performance.now() - started) / 1000).toFixed(1)} s; the file held B after ${total.sawB} of them; ` +
      `${total.tempsLeft} temporary files left by kills mid-save (${total.incompleteTemps} of them incomplete), none read as the model`,
  );
  // The kills must land inside saves some of the time, or the test proves nothing.
  assert.ok(total.tempsLeft > 0, 'some kills landed in the middle of a save');
  assert.ok(total.sawB > 0 && total.sawB < total.rounds, 'kills landed after different numbers of saves');
});

test('leftover temporary files do not break saving or loading, and stale ones are removed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'platypus-temps-'));
  scratch.push(dir);
  const path = join(dir, 'model.json');
  const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
  const write = (name: string, text: string, mtime?: number): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    if (mtime !== undefined) utimesSync(p, mtime, mtime);
    return p;
  };
  const staleHalf = write(`.model.json.4242.${Date.now() - 200_000}.tmp`, texts.B.slice(0, 100), old);
  const staleWhole = write(`.model.json.4243.${Date.now() - 100_000}.tmp`, texts.B, old);
  const fresh = write(`.model.json.4244.${Date.now()}.tmp`, texts.B.slice(0, 10)); // a writer may be busy with it
  const otherTarget = write(`.other.json.4245.${Date.now() - 200_000}.tmp`, 'x', old);
  const lookalike = write('.model.json.backup.tmp', 'x', old);
  const nested = write(`.model.json.7.${Date.now() - 200_000}.tmp.tmp`, 'x', old);

  saveModel(path, fixtureModel('A'));
  assert.equal(checkModelFile(path, 'after a save beside leftovers'), 'A');
  assert.ok(!existsSync(staleHalf) && !existsSync(staleWhole), 'stale temporary files of this target are removed');
  for (const keep of [fresh, otherTarget, lookalike, nested]) assert.ok(existsSync(keep), `${keep} is kept`);

  writeFileAtomic(path, texts.B);
  assert.equal(checkModelFile(path, 'after a second save'), 'B');

  // The command line reads the model, not the temporary files beside it.
  const r = platypus(['predict', path, Array.from({ length: 256 }, () => '0').join(','), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json?.predictions.length, 1);
  assert.match(String(r.json?.predictions[0].className), /^B\d$/, 'a class of model B, the one saved last');
});
