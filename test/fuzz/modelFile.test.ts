/** Fuzzing model files (parseModelFile, parseBookWeights) and their base64 tensors (decodeBase64). See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

const targets = new URL('./targets/modelFile.js', import.meta.url);

test('fuzz parseModelFile: valid files load exactly, mutated ones load usable or throw a ModelError', { skip: skipUnlessSelected('modelFile') }, async (t) => {
  await runFuzz(t, targets, 'modelFile', { runs: 10_000 });
});

test('fuzz decodeBase64: round trips, and accepts only canonical base64', { skip: skipUnlessSelected('base64') }, async (t) => {
  await runFuzz(t, targets, 'base64', { runs: 10_000 });
});

test("fuzz parseBookWeights: the book's weights.json loads or throws a ModelError, allocating only what it holds", { skip: skipUnlessSelected('bookWeights') }, async (t) => {
  await runFuzz(t, targets, 'bookWeights', { runs: 10_000 });
});
