import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Average,
  accuracyScore,
  f1Score,
  perClassPrecisionRecallFscore,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  scoresFromCounts,
} from '../../src/metrics/index.js';

function assertClose(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

// Counts of the 3-class example: tp [4,2,1], fp [1,1,1], fn [2,1,0], support [6,3,1].
const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
const yPred = [0, 0, 0, 0, 1, 2, 1, 1, 0, 2];
// Per class: P = [4/5, 2/3, 1/2], R = [4/6, 2/3, 1/1], F1 = 2tp/(2tp+fp+fn) = [8/11, 4/6, 2/3].
const P = [4 / 5, 2 / 3, 1 / 2];
const R = [4 / 6, 2 / 3, 1];
const F = [8 / 11, 4 / 6, 2 / 3];
const support = [6, 3, 1];
const macro = (v: number[]): number => (v[0]! + v[1]! + v[2]!) / 3;
const weighted = (v: number[]): number => (6 * v[0]! + 3 * v[1]! + 1 * v[2]!) / 10;

test('perClassPrecisionRecallFscore: one score per class from the counts', () => {
  const s = perClassPrecisionRecallFscore(yTrue, yPred);
  assert.deepEqual(s.labels, [0, 1, 2]);
  assert.deepEqual(s.support, support);
  s.precision.forEach((v, k) => assertClose(v, P[k]!));
  s.recall.forEach((v, k) => assertClose(v, R[k]!));
  s.f1.forEach((v, k) => assertClose(v, F[k]!));
  assert.deepEqual(s.zeroDivisionLabels, { precision: [], recall: [], f1: [] });
});

test('F1 is the harmonic mean 2PR/(P+R) of each class', () => {
  const s = perClassPrecisionRecallFscore(yTrue, yPred);
  s.f1.forEach((f, k) => assertClose(f, (2 * P[k]! * R[k]!) / (P[k]! + R[k]!)));
});

test('macro, weighted and micro averages differ on the 3-class example', () => {
  const options = (average: Average) => ({ average });
  // macro P = (4/5 + 2/3 + 1/2)/3 = 59/90 ≈ 0.6556; weighted P = (6·0.8 + 3·2/3 + 0.5)/10 = 0.73; micro P = 7/10.
  assertClose(precisionScore(yTrue, yPred, options('macro')), 59 / 90);
  assertClose(precisionScore(yTrue, yPred, options('weighted')), 0.73);
  assertClose(precisionScore(yTrue, yPred, options('micro')), 0.7);
  // macro R = (2/3 + 2/3 + 1)/3 = 7/9; weighted R = Σ tp / n = 0.7.
  assertClose(recallScore(yTrue, yPred, options('macro')), 7 / 9);
  assertClose(recallScore(yTrue, yPred, options('weighted')), 0.7);
  assertClose(recallScore(yTrue, yPred, options('micro')), 0.7);
  // macro F1 = (8/11 + 2/3 + 2/3)/3 = 68/99; weighted F1 = (6·8/11 + 3·2/3 + 2/3)/10 = 116/165.
  assertClose(f1Score(yTrue, yPred, options('macro')), 68 / 99);
  assertClose(f1Score(yTrue, yPred, options('weighted')), 116 / 165);
  assertClose(f1Score(yTrue, yPred, options('micro')), 0.7);
  assertClose(f1Score(yTrue, yPred, options('macro')), macro(F));
  assertClose(f1Score(yTrue, yPred, options('weighted')), weighted(F));
});

test('micro precision, recall and F1 all equal accuracy when every class is included', () => {
  const yT = [3, 1, 0, 2, 2, 1, 0, 3, 3, 1, 2, 0, 4];
  const yP = [3, 0, 0, 2, 1, 1, 2, 3, 0, 1, 2, 4, 0];
  const s = precisionRecallFscoreSupport(yT, yP, { average: 'micro' });
  const accuracy = accuracyScore(yT, yP);
  assertClose(s.precision, accuracy);
  assertClose(s.recall, accuracy);
  assertClose(s.f1, accuracy);
  assert.equal(s.support, yT.length);
});

test('precisionRecallFscoreSupport: one object with all three scores and the support', () => {
  const s = precisionRecallFscoreSupport(yTrue, yPred, { average: 'weighted' });
  assert.equal(s.average, 'weighted');
  assertClose(s.precision, 0.73);
  assertClose(s.recall, 0.7);
  assertClose(s.f1, 116 / 165);
  assert.equal(s.support, 10);
});

test("average 'binary' (the default) scores positiveLabel alone: the platypus detector", () => {
  // tp 3, fn 1, fp 2, tn 4: P = 3/5, R = 3/4, F1 = 6/(6+2+1) = 2/3.
  const isPlatypus = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const saidPlatypus = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];
  assertClose(precisionScore(isPlatypus, saidPlatypus), 3 / 5);
  assertClose(recallScore(isPlatypus, saidPlatypus), 3 / 4);
  assertClose(f1Score(isPlatypus, saidPlatypus), 2 / 3);
  const s = precisionRecallFscoreSupport(isPlatypus, saidPlatypus, { average: 'binary' });
  assert.equal(s.support, 4);
  // With "not a platypus" as positive: tp 4, fp 1, fn 2.
  assertClose(precisionScore(isPlatypus, saidPlatypus, { positiveLabel: 0 }), 4 / 5);
  assertClose(recallScore(isPlatypus, saidPlatypus, { positiveLabel: 0 }), 4 / 6);
  assertClose(f1Score(isPlatypus, saidPlatypus, { positiveLabel: 0 }), 8 / 11);
});

test('scoresFromCounts: counts given by hand', () => {
  const s = scoresFromCounts({ labels: [7], tp: [3], fp: [1], fn: [3], support: [6] });
  assert.deepEqual(s.precision, [0.75]);
  assert.deepEqual(s.recall, [0.5]);
  assert.deepEqual(s.f1, [0.6]);
});
