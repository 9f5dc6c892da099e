/** Fuzzing the CIFAR-10 binary reader. See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

const targets = new URL('./targets/cifar.js', import.meta.url);

test('fuzz parseCifarBatch: valid batches parse exactly, anything else as the records say or a DataError', { skip: skipUnlessSelected('cifar') }, async (t) => {
  await runFuzz(t, targets, 'cifar', { runs: 10_000 });
});
