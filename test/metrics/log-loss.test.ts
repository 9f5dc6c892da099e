import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, ShapeError, UsageError } from '../../src/errors.js';
import { binaryLogLoss, categoricalLogLoss } from '../../src/metrics/index.js';
import { Tensor } from '../../src/tensor/index.js';

function assertClose(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

test('binaryLogLoss: −(1/n) Σ [y log p + (1 − y) log(1 − p)] on a worked example', () => {
  // −(log 0.9 + log 0.8) / 2, computed in NumPy.
  assertClose(binaryLogLoss([1, 0], [0.9, 0.2]), 0.164252033486018);
  assertClose(binaryLogLoss([1, 0], [0.9, 0.2]), -(Math.log(0.9) + Math.log(0.8)) / 2);
});

test('binaryLogLoss: a confident wrong prediction is clipped to a finite loss', () => {
  // p = 0 for a positive: −log(1e-15) ≈ 34.54 instead of ∞.
  assertClose(binaryLogLoss([1], [0]), 34.538776394910684);
  // p = 1 for a negative: −log(1 − (1 − 1e-15)), in float64 (NumPy gives the same).
  assertClose(binaryLogLoss([0], [1]), 34.53957599234088);
  // Mixed with ordinary predictions; NumPy: -mean(y log q + (1-y) log(1-q)), q = clip(p, 1e-15, 1-1e-15).
  assertClose(binaryLogLoss([1, 0, 0, 1, 1], [0.9, 0.2, 1.0, 0.0, 0.6]), 13.98353641559792);
});

test('binaryLogLoss: eps sets the clipping', () => {
  assertClose(binaryLogLoss([1], [0], { eps: 1e-7 }), 16.11809565095832);
  assert.equal(binaryLogLoss([1], [0], { eps: 0 }), Infinity);
  assert.throws(() => binaryLogLoss([1], [0], { eps: 0.5 }), UsageError);
});

test('binaryLogLoss: targets must be 0/1 and probabilities in [0, 1]', () => {
  assert.throws(() => binaryLogLoss([2, 0], [0.5, 0.5]), /binaryLogLoss: yTrue\[0\] is 2/);
  assert.throws(() => binaryLogLoss([1, 0], [0.5, 1.5]), /binaryLogLoss: probabilities\[1\] is 1.5/);
  assert.throws(() => binaryLogLoss([1, 0], [0.5, NaN]), DataError);
});

const probabilities = [
  [0.7, 0.2, 0.1],
  [0.1, 0.8, 0.1],
  [0.0, 1.0, 0.0],
];

test('categoricalLogLoss: −(1/n) Σ log p[i, yᵢ], from nested arrays or a Tensor', () => {
  // −(log 0.7 + log 0.8) / 2.
  assertClose(categoricalLogLoss([0, 1], probabilities.slice(0, 2)), 0.2899092476264711);
  // The third sample gives its true class 2 probability 0: clipped to 1e-15. NumPy: 11.70619829672121.
  assertClose(categoricalLogLoss([0, 1, 2], probabilities), 11.70619829672121);
  const t = Tensor.from(probabilities, undefined, 'float64');
  assertClose(categoricalLogLoss([0, 1, 2], t), 11.70619829672121);
});

test('categoricalLogLoss: float32 softmax rows are accepted', () => {
  const t = Tensor.from(probabilities.slice(0, 2));
  assert.equal(t.dtype, 'float32');
  assertClose(categoricalLogLoss([0, 1], t), 0.2899092476264711, 1e-6);
});

test('categoricalLogLoss: shapes and values are checked', () => {
  assert.throws(() => categoricalLogLoss([0, 1], probabilities), /yTrue has 2 values but probabilities has 3 rows/);
  assert.throws(() => categoricalLogLoss([0, 1, 2], Tensor.from([0.5, 0.5, 0.5])), ShapeError);
  assert.throws(() => categoricalLogLoss([0, 1], [[1, 0], [1]]), ShapeError);
  assert.throws(() => categoricalLogLoss([0, 3, 1], probabilities), /yTrue\[1\] is 3 but probabilities has only 3 classes/);
  assert.throws(() => categoricalLogLoss([0], [[2.0, -1.0]]), /probabilities\[0\]\[0\] is 2/);
  assert.throws(() => categoricalLogLoss([0], [[0.5, 0.4]]), /row 0 sums to 0.9/);
});
