import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../src/errors.js';
import { add, addRowVector, axpy, mul, scale, sub } from '../../src/tensor/ops/arithmetic.js';
import { logSumExpRows, sigmoid, softmaxRows, relu, clippedLog } from '../../src/tensor/ops/functions.js';
import { matmul } from '../../src/tensor/ops/matmul.js';
import { allFinite, argmaxRows, mean, sum, sumRows } from '../../src/tensor/ops/reduce.js';
import { gatherRows, sliceRows, transpose } from '../../src/tensor/ops/rows.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

function random(shape: [number, number], rng: Rng): Tensor {
  const t = Tensor.zeros(shape, 'float64');
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
}

function naiveProduct(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const c = Tensor.zeros([m, n], 'float64');
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a.at(i, p) * b.at(p, j);
    c.data[i * n + j] = s;
  }
  return c;
}

function assertClose(actual: Tensor, expected: Tensor, tol = 1e-12): void {
  assert.deepEqual(actual.shape, expected.shape);
  for (let i = 0; i < actual.size; i++) {
    assert.ok(Math.abs(actual.data[i]! - expected.data[i]!) <= tol * (1 + Math.abs(expected.data[i]!)), `element ${i}: ${actual.data[i]} vs ${expected.data[i]}`);
  }
}

test('matmul with every combination of transposes matches the naive product', () => {
  const rng = new Rng(1);
  for (const [m, k, n] of [[1, 1, 1], [5, 3, 4], [7, 13, 2], [16, 9, 33]] as const) {
    const a = random([m, k], rng);
    const b = random([k, n], rng);
    const expected = naiveProduct(a, b);
    assertClose(matmul(a, b), expected);
    assertClose(matmul(transpose(a), b, { transA: true }), expected);
    assertClose(matmul(a, transpose(b), { transB: true }), expected);
    assertClose(matmul(transpose(a), transpose(b), { transA: true, transB: true }), expected);
  }
});

test('matmul accumulates into out when asked', () => {
  const a = Tensor.from([[1, 2]]);
  const b = Tensor.from([[3], [4]]);
  const out = Tensor.from([[10]]);
  matmul(a, b, { out, accumulate: true });
  assert.equal(out.data[0], 21);
  matmul(a, b, { out });
  assert.equal(out.data[0], 11);
});

test('matmul names both shapes when the inner dimensions differ', () => {
  const a = Tensor.zeros([256, 785]);
  const b = Tensor.zeros([784, 100]);
  assert.throws(() => matmul(a, b), (e: Error) => e instanceof ShapeError && e.message === 'matmul: [256,785] x [784,100]: inner dimensions differ');
  assert.throws(() => matmul(a, Tensor.zeros([785, 100]), { out: Tensor.zeros([256, 99]) }), /out has shape \[256,99\], expected \[256,100\]/);
  assert.throws(() => matmul(Tensor.zeros([3]), b), /left operand must be a matrix/);
  assert.throws(() => matmul(Tensor.zeros([2, 2]), Tensor.zeros([2, 2], 'float64')), /cannot mix float32 and float64/);
});

test('elementwise ops', () => {
  const a = Tensor.from([[1, 2], [3, 4]]);
  const b = Tensor.from([[10, 20], [30, 40]]);
  assert.deepEqual(Array.from(add(a, b).data), [11, 22, 33, 44]);
  assert.deepEqual(Array.from(sub(b, a).data), [9, 18, 27, 36]);
  assert.deepEqual(Array.from(mul(a, b).data), [10, 40, 90, 160]);
  assert.deepEqual(Array.from(scale(a, 2).data), [2, 4, 6, 8]);
  assert.deepEqual(Array.from(axpy(a, -0.5, Tensor.from([[2, 2], [2, 2]])).data), [0, 1, 2, 3]);
  assert.throws(() => add(a, Tensor.from([1, 2])), /add: \[2,2\] and \[2\]: shapes differ/);
});

test('addRowVector broadcasts a bias over rows', () => {
  const x = Tensor.from([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(Array.from(addRowVector(x, Tensor.from([10, 20, 30])).data), [11, 22, 33, 14, 25, 36]);
  assert.throws(() => addRowVector(x, Tensor.from([1, 2])), /bias needs 3 values/);
});

test('reductions', () => {
  const x = Tensor.from([[1, 5, 3], [9, 2, 9]]);
  assert.equal(sum(x), 29);
  assert.equal(mean(x), 29 / 6);
  assert.deepEqual(Array.from(sumRows(x).data), [10, 7, 12]);
  assert.deepEqual(Array.from(argmaxRows(x)), [1, 0]);
  assert.equal(allFinite(x), true);
  assert.equal(allFinite(Tensor.from([1, Number.NaN])), false);
});

test('softmax is stable for huge logits and rows sum to 1', () => {
  const x = Tensor.from([[1000, 1001, 1002], [-1000, -1000, -1000]], undefined, 'float64');
  const p = softmaxRows(x);
  assert.ok(allFinite(p));
  assert.ok(Math.abs(p.data[2]! - 0.6652409557748219) < 1e-12);
  assert.ok(Math.abs(p.data[3]! - 1 / 3) < 1e-12);
  const lse = logSumExpRows(x);
  assert.ok(Math.abs(lse[0]! - (1002 + Math.log(1 + Math.exp(-1) + Math.exp(-2)))) < 1e-9);
  assert.ok(Math.abs(lse[1]! - (-1000 + Math.log(3))) < 1e-9);
});

test('sigmoid and relu at the extremes', () => {
  const s = sigmoid(Tensor.from([-800, 0, 800], undefined, 'float64'));
  assert.deepEqual(Array.from(s.data), [0, 0.5, 1]);
  assert.deepEqual(Array.from(relu(Tensor.from([-2, 0, 3])).data), [0, 0, 3]);
  assert.ok(Number.isFinite(clippedLog(0)));
});

test('row gathering, slicing and transposing', () => {
  const x = Tensor.from([[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(Array.from(gatherRows(x, [2, 0]).data), [5, 6, 1, 2]);
  assert.throws(() => gatherRows(x, [3]), /row 3 is outside \[0, 3\)/);
  const s = sliceRows(x, 1, 3);
  assert.deepEqual(s.shape, [2, 2]);
  assert.equal(s.data[0], 3);
  assert.deepEqual(transpose(x).toArray(), [[1, 3, 5], [2, 4, 6]]);
});
