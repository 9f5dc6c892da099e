import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/errors.js';
import { binaryCounts, thresholdSweep } from '../../src/metrics/index.js';

const yTrue = [0, 0, 1, 1];
const scores = [0.1, 0.4, 0.35, 0.8];

test('thresholdSweep: counts, precision and recall per threshold, in the order given', () => {
  assert.deepEqual(thresholdSweep(yTrue, scores, [0.5, 0, 0.9]), [
    // score ≥ 0.5: only 0.8 (a positive).
    { threshold: 0.5, tp: 1, fp: 0, tn: 2, fn: 1, precision: 1, recall: 0.5 },
    // score ≥ 0: everything.
    { threshold: 0, tp: 2, fp: 2, tn: 0, fn: 0, precision: 0.5, recall: 1 },
    // score ≥ 0.9: nothing called positive, so precision is 0/0 → zeroDivision (0).
    { threshold: 0.9, tp: 0, fp: 0, tn: 2, fn: 2, precision: 0, recall: 0 },
  ]);
});

test('thresholdSweep: a score equal to the threshold counts as positive', () => {
  const [point] = thresholdSweep(yTrue, scores, [0.4]);
  assert.deepEqual([point!.tp, point!.fp], [1, 1]);
});

test('thresholdSweep: zeroDivision settles precision when nothing is called positive, recall when nothing is positive', () => {
  assert.equal(thresholdSweep(yTrue, scores, [2], { zeroDivision: 1 })[0]!.precision, 1);
  assert.equal(thresholdSweep([0, 0], [0.3, 0.6], [0.5], { zeroDivision: 1 })[0]!.recall, 1);
});

test('thresholdSweep: agrees with binaryCounts of the thresholded scores on a larger sample', () => {
  // A deterministic pseudo-random sample with many tied scores.
  let state = 12345;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 200;
  const y = Array.from({ length: n }, () => (next() < 0.3 ? 1 : 0));
  const s = y.map((label) => Math.round((next() + 0.3 * label) * 20) / 20);
  const thresholds = [-Infinity, 0, 0.25, 0.5, 0.55, 0.75, 1, 1.3, Infinity];
  for (const point of thresholdSweep(y, s, thresholds)) {
    const decided = s.map((v) => (v >= point.threshold ? 1 : 0));
    const { tp, fp, tn, fn } = binaryCounts(y, decided);
    assert.deepEqual([point.tp, point.fp, point.tn, point.fn], [tp, fp, tn, fn], `threshold ${point.threshold}`);
  }
});

test('thresholdSweep: targets must be 0/1, and no score or threshold may be NaN', () => {
  assert.throws(() => thresholdSweep([0, 2], [0.1, 0.2], [0.5]), /thresholdSweep: yTrue\[1\] is 2/);
  assert.throws(() => thresholdSweep([0, 1], [0.1, NaN], [0.5]), /thresholdSweep: scores\[1\] is NaN/);
  assert.throws(() => thresholdSweep([0, 1], [0.1, 0.2], [NaN]), DataError);
});
