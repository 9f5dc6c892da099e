import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f1Score, perClassPrecisionRecallFscore, precisionRecallFscoreSupport, precisionScore, recallScore } from '../../src/metrics/index.js';

function assertClose(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

// Class 2 occurs twice but is never predicted: its precision is 0/0.
// P = [1/2, 1/2, 0/0], R = [1, 1, 0/2 = 0], F1 = 2tp/(2tp+fp+fn) = [2/3, 2/3, 0/2 = 0].
const yTrue = [0, 1, 2, 2];
const yPred = [0, 1, 1, 0];

test('a class never predicted: its precision takes the zeroDivision value', () => {
  assert.deepEqual(perClassPrecisionRecallFscore(yTrue, yPred).precision, [0.5, 0.5, 0]);
  assert.deepEqual(perClassPrecisionRecallFscore(yTrue, yPred, { zeroDivision: 1 }).precision, [0.5, 0.5, 1]);
  assert.deepEqual(perClassPrecisionRecallFscore(yTrue, yPred, { zeroDivision: NaN }).precision, [0.5, 0.5, NaN]);
});

test('a class never predicted: recall and F1 are defined (0), whatever zeroDivision says', () => {
  for (const zeroDivision of [0, 1, NaN]) {
    const s = perClassPrecisionRecallFscore(yTrue, yPred, { zeroDivision });
    assert.deepEqual(s.recall, [1, 1, 0]);
    assert.equal(s.f1[2], 0);
  }
});

test('the classes that hit 0/0 are reported', () => {
  assert.deepEqual(perClassPrecisionRecallFscore(yTrue, yPred).zeroDivisionLabels, { precision: [2], recall: [], f1: [] });
  // Class 3 neither occurs nor is predicted: all three of its scores are 0/0.
  const s = precisionRecallFscoreSupport(yTrue, yPred, { average: 'macro', numClasses: 4 });
  assert.deepEqual(s.zeroDivisionLabels, { precision: [2, 3], recall: [3], f1: [3] });
});

test('macro precision: zeroDivision 0 gives (1/2 + 1/2 + 0)/3, 1 gives (1/2 + 1/2 + 1)/3, NaN skips the class', () => {
  assertClose(precisionScore(yTrue, yPred, { average: 'macro' }), 1 / 3);
  assertClose(precisionScore(yTrue, yPred, { average: 'macro', zeroDivision: 1 }), 2 / 3);
  assertClose(precisionScore(yTrue, yPred, { average: 'macro', zeroDivision: NaN }), 1 / 2);
  assertClose(recallScore(yTrue, yPred, { average: 'macro', zeroDivision: 1 }), 2 / 3);
});

test('a class absent everywhere moves the macro F1 but not the weighted one (its support is 0)', () => {
  const options = { numClasses: 4 };
  assertClose(f1Score(yTrue, yPred, { ...options, average: 'macro' }), (2 / 3 + 2 / 3 + 0 + 0) / 4);
  assertClose(f1Score(yTrue, yPred, { ...options, average: 'macro', zeroDivision: 1 }), (2 / 3 + 2 / 3 + 0 + 1) / 4);
  assertClose(f1Score(yTrue, yPred, { ...options, average: 'weighted' }), (2 / 3 + 2 / 3 + 2 * 0) / 4);
  assertClose(f1Score(yTrue, yPred, { ...options, average: 'weighted', zeroDivision: 1 }), 1 / 3);
  assertClose(precisionScore(yTrue, yPred, { ...options, average: 'weighted', zeroDivision: NaN }), 1 / 2);
});

test("average 'binary': a detector that never says positive", () => {
  const isPlatypus = [1, 0, 1];
  const saidPlatypus = [0, 0, 0];
  assert.equal(precisionScore(isPlatypus, saidPlatypus), 0);
  assert.equal(precisionScore(isPlatypus, saidPlatypus, { zeroDivision: 1 }), 1);
  assert.ok(Number.isNaN(precisionScore(isPlatypus, saidPlatypus, { zeroDivision: NaN })));
  assert.equal(recallScore(isPlatypus, saidPlatypus, { zeroDivision: 1 }), 0);
  assert.equal(f1Score(isPlatypus, saidPlatypus, { zeroDivision: 1 }), 0);
});

test('micro average is 0/0 only when nothing at all is predicted among the labels', () => {
  // Only class 5 is scored; it is never predicted and never true.
  const s = precisionRecallFscoreSupport([0, 1], [0, 1], { average: 'micro', labels: [5], zeroDivision: 1 });
  assert.deepEqual([s.precision, s.recall, s.f1, s.support], [1, 1, 1, 0]);
});
