import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneHot } from '../../src/data/oneHot.js';

test('worked example: [2, 0] with 3 classes', () => {
  const t = oneHot([2, 0], 3);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(t.toArray(), [
    [0, 0, 1],
    [1, 0, 0],
  ]);
});

test('float64 and typed-array input', () => {
  const t = oneHot(Float64Array.from([1, 1, 0]), 2, { dtype: 'float64' });
  assert.equal(t.dtype, 'float64');
  assert.deepEqual(Array.from(t.data), [0, 1, 0, 1, 1, 0]);
});

test('no rows gives [0, classes]', () => {
  assert.deepEqual(oneHot([], 4).shape, [0, 4]);
});

test('indices must be whole numbers in range', () => {
  assert.throws(() => oneHot([0, 3], 3, { source: 'f.txt' }), { name: 'DataError', message: /^f\.txt: oneHot: target 3 of row 1 is not a class index in \[0, 3\)/ });
  assert.throws(() => oneHot([0.5], 3), { name: 'DataError', message: /target 0\.5 of row 0/ });
  assert.throws(() => oneHot([-1], 3), { name: 'DataError' });
  assert.throws(() => oneHot([Number.NaN], 3), { name: 'DataError' });
});

test('the class count must be a whole number ≥ 1', () => {
  assert.throws(() => oneHot([0], 0), { name: 'UsageError' });
  assert.throws(() => oneHot([0], 2.5), { name: 'UsageError' });
});
