/** Fuzzing parseDelimited: text, bytes (UTF-8 and not), and large inputs. See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

const targets = new URL('./targets/delimited.js', import.meta.url);

test('fuzz parseDelimited on text: valid tables parse exactly, anything else is a DataError', { skip: skipUnlessSelected('delimitedText') }, async (t) => {
  await runFuzz(t, targets, 'delimitedText', { runs: 10_000 });
});

test('fuzz parseDelimited on bytes: invalid UTF-8 is reported at its first bad byte', { skip: skipUnlessSelected('delimitedBytes') }, async (t) => {
  await runFuzz(t, targets, 'delimitedBytes', { runs: 10_000 });
});

test('fuzz parseDelimited on large inputs: long lines, wide headers, many rows, long numbers', { skip: skipUnlessSelected('delimitedLarge') }, async (t) => {
  await runFuzz(t, targets, 'delimitedLarge', { runs: 60 });
});
