import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/errors.js';
import { precisionRecallCurve } from '../../src/metrics/index.js';

function assertAllClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= 1e-12, `[${i}]: expected ${expected[i]}, got ${v}`));
}

test('precisionRecallCurve: precision and recall at each distinct score, thresholds ascending', () => {
  // Thresholds 0.1 (all 4 positive), 0.35 (3 called, 2 right), 0.4 (2 called, 1 right), 0.8 (1 called, right).
  const curve = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  assert.deepEqual(curve.thresholds, [0.1, 0.35, 0.4, 0.8]);
  assertAllClose(curve.precision, [1 / 2, 2 / 3, 1 / 2, 1]);
  assertAllClose(curve.recall, [1, 1, 1 / 2, 1 / 2]);
});

test('precisionRecallCurve: tied scores make one threshold', () => {
  const curve = precisionRecallCurve([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1]);
  assert.deepEqual(curve.thresholds, [0.1, 0.5, 0.9]);
  assertAllClose(curve.precision, [2 / 4, 2 / 3, 1]);
  assertAllClose(curve.recall, [1, 1, 1 / 2]);
});

test('precisionRecallCurve: without positives, recall is undefined', () => {
  assert.throws(() => precisionRecallCurve([0, 0], [0.2, 0.7]), DataError);
  assert.throws(() => precisionRecallCurve([0, 0], [0.2, 0.7]), /precisionRecallCurve: yTrue has no positive samples/);
});
