import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../src/data/features.js';
import { fitStandardizer } from '../../src/data/standardize.js';

test('mean and population std per column; a constant column gets std 1', () => {
  const s = fitStandardizer(new DenseFeatures(Float64Array.from([1, 5, 3, 5]), 2, 2));
  assert.deepEqual(Array.from(s.mean), [2, 5]);
  assert.deepEqual(Array.from(s.std), [1, 1]);
});

test('regression (numerics): values near ±1e300 do not overflow the std', () => {
  // Before: the squared deviations overflowed, std became Infinity and the column was scaled to 0.
  const x = Float64Array.from([1e300, 3, -1e300, 4, 1e299, 5, 5e300, 6]);
  const s = fitStandardizer(new DenseFeatures(x, 4, 2));
  const column = [1e300, -1e300, 1e299, 5e300];
  const mean = column.reduce((a, b) => a + b / 4, 0);
  const std = Math.sqrt(column.reduce((a, b) => a + ((b - mean) / 1e300) ** 2 / 4, 0)) * 1e300;
  assert.ok(Math.abs(s.mean[0]! - mean) / Math.abs(mean) < 1e-12, `mean ${s.mean[0]} vs ${mean}`);
  assert.ok(Math.abs(s.std[0]! - std) / std < 1e-12, `std ${s.std[0]} vs ${std}`);
  assert.ok(Number.isFinite(s.factor[0]!) && s.factor[0]! > 0);
  assert.deepEqual([s.mean[1], s.std[1]], [4.5, Math.sqrt(1.25)]);
});
