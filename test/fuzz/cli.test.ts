/** Fuzzing the command line's argument handling in process through main(argv). See ./harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from './harness.js';

test('fuzz the CLI: any argv ends with exit code 0–3 and a one-line error, never an internal error', { skip: skipUnlessSelected('cli') }, async (t) => {
  await runFuzz(t, new URL('./targets/cli.js', import.meta.url), 'cli', { runs: 10_000, hangMs: 60_000 });
});
