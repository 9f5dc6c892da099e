/** Fuzzing the tar reader. See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

const targets = new URL('./targets/tar.js', import.meta.url);

test('fuzz readTar: valid archives list exactly their members, anything else well-formed entries or a DataError', { skip: skipUnlessSelected('tar') }, async (t) => {
  await runFuzz(t, targets, 'tar', { runs: 10_000 });
});
