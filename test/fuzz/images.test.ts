/** Fuzzing picture decoding (decodeGray) and prepareDigit. See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

const targets = new URL('./targets/images.js', import.meta.url);

test('fuzz decodeGray + prepareDigit: valid PNGs exactly, JPEGs in range, mutated pictures decode or a DataError', { skip: skipUnlessSelected('pictures') }, async (t) => {
  await runFuzz(t, targets, 'pictures', { runs: 10_000 });
});
