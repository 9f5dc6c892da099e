/** Fuzzing the playground's URL state (parseConfig/writeConfig). See ../fuzz/harness.ts for the knobs. */
import { test } from 'node:test';
import { runFuzz, skipUnlessSelected } from '../fuzz/harness.js';

const targets = new URL('../fuzz/targets/props.js', import.meta.url);

test('fuzz playground URL state: valid configs round-trip, any query parses to a valid config and never throws', { skip: skipUnlessSelected('props') }, async (t) => {
  await runFuzz(t, targets, 'props', { runs: 10_000 });
});
