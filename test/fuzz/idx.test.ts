/** Fuzzing the IDX reader, gunzip and imagesAndLabels. See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

const targets = new URL('./targets/idx.js', import.meta.url);

test('fuzz parseIdx: valid files parse exactly, mutated ones as the reference reader or a DataError', { skip: skipUnlessSelected('idx') }, async (t) => {
  await runFuzz(t, targets, 'idx', { runs: 10_000 });
});

test('fuzz gunzip: the same bytes as the reference or a DataError, whatever the trailer claims', { skip: skipUnlessSelected('gz') }, async (t) => {
  await runFuzz(t, targets, 'gz', { runs: 10_000 });
});

test('fuzz imagesAndLabels: consistent pairs become sets, anything else a PlatypusError', { skip: skipUnlessSelected('pairs') }, async (t) => {
  await runFuzz(t, targets, 'pairs', { runs: 10_000 });
});
