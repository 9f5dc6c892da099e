import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/errors.js';
import { meanAbsoluteError, meanSquaredError, r2Score } from '../../src/metrics/index.js';

function assertClose(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

// Residuals 0.5, −0.5, 0, −1. ȳ = 2.875, SS_res = 1.5, SS_tot = 29.1875.
const yTrue = [3, -0.5, 2, 7];
const yPred = [2.5, 0.0, 2, 8];

test('meanSquaredError: (0.25 + 0.25 + 0 + 1) / 4 = 0.375', () => {
  assert.equal(meanSquaredError(yTrue, yPred), 0.375);
});

test('meanAbsoluteError: (0.5 + 0.5 + 0 + 1) / 4 = 0.5', () => {
  assert.equal(meanAbsoluteError(yTrue, yPred), 0.5);
});

test('r2Score: 1 − 1.5 / 29.1875', () => {
  assertClose(r2Score(yTrue, yPred), 1 - 1.5 / 29.1875);
  assertClose(r2Score(yTrue, yPred), 0.9486081370449679);
});

test('r2Score: 1 for a perfect fit, 0 for predicting the mean, negative when worse than the mean', () => {
  assert.equal(r2Score(yTrue, yTrue), 1);
  assertClose(r2Score(yTrue, [2.875, 2.875, 2.875, 2.875]), 0);
  // Predicting [7, 2, −0.5, 3]: SS_res = 16 + 6.25 + 6.25 + 16 = 44.5.
  assertClose(r2Score(yTrue, [7, 2, -0.5, 3]), 1 - 44.5 / 29.1875);
});

test('r2Score: constant yTrue gives 1 for a perfect fit, else 0', () => {
  assert.equal(r2Score([4, 4, 4], [4, 4, 4]), 1);
  assert.equal(r2Score([4, 4, 4], [4, 5, 4]), 0);
});

test('regression metrics refuse NaN, Infinity and a single sample for R²', () => {
  assert.throws(() => meanSquaredError([1, NaN], [1, 2]), /meanSquaredError: yTrue\[1\] is NaN/);
  assert.throws(() => meanAbsoluteError([1, 2], [1, Infinity]), /meanAbsoluteError: yPred\[1\] is Infinity/);
  assert.throws(() => r2Score([1], [1]), DataError);
});
