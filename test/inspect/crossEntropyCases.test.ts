import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropyCases } from '../../src/inspect/crossEntropyCases.js';
import { Tensor } from '../../src/tensor/tensor.js';

test('cross-entropy cases: the surest right row, the least sure row and the surest wrong row', () => {
  const p = Tensor.from(
    [
      [0.7, 0.2, 0.1], // right
      [0.98, 0.01, 0.01], // right, surest
      [0.35, 0.33, 0.32], // least sure (right)
      [0.1, 0.85, 0.05], // wrong, sure
      [0.2, 0.5, 0.3], // wrong
    ],
    undefined,
    'float64',
  );
  const cases = crossEntropyCases(p, [0, 0, 0, 0, 2]);
  assert.deepEqual(cases, [
    { kind: 'confident-right', row: 1, exact: true },
    { kind: 'unsure', row: 2, exact: true },
    { kind: 'confident-wrong', row: 3, exact: true },
  ]);
});

test('cross-entropy cases: with nothing wrong, the lowest ŷ_true stands in', () => {
  const p = Tensor.from([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8]], undefined, 'float64');
  const cases = crossEntropyCases(p, [0, 0, 1]);
  assert.deepEqual(cases[2], { kind: 'confident-wrong', row: 1, exact: false });
  assert.throws(() => crossEntropyCases(p, [0, 1]), /do not fit/);
});
