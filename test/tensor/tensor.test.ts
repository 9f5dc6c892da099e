import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../src/errors.js';
import { Tensor } from '../../src/tensor/tensor.js';

test('Tensor.from reads the shape off nested arrays', () => {
  const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.equal(t.at(1, 2), 6);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
});

test('Tensor.from refuses ragged arrays', () => {
  assert.throws(() => Tensor.from([[1, 2], [3]]), ShapeError);
});

test('a tensor needs exactly as many values as its shape', () => {
  assert.throws(() => new Tensor([2, 2], new Float32Array(3)), /needs 4 values, got 3/);
  assert.throws(() => Tensor.zeros([2, -1]), /invalid shape \[2,-1\]/);
});

test('reshape keeps the data and checks the size', () => {
  const t = Tensor.from([1, 2, 3, 4, 5, 6], [6], 'float64');
  const r = t.reshape([3, 2]);
  assert.equal(r.data, t.data);
  assert.equal(r.dtype, 'float64');
  assert.throws(() => t.reshape([4, 2]), /cannot view \[6\] \(6 values\) as \[4,2\]/);
});

test('astype and clone copy', () => {
  const t = Tensor.from([[1.5, 2]]);
  const c = t.clone();
  c.data[0] = 9;
  assert.equal(t.data[0], 1.5);
  assert.equal(t.astype('float64').dtype, 'float64');
});
