import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classCounts, confusionMatrix } from '../../src/metrics/index.js';

const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
const yPred = [0, 0, 0, 0, 1, 2, 1, 1, 0, 2];

test('classCounts: tp, fp, fn and support per class of the 3-class example', () => {
  assert.deepEqual(classCounts(yTrue, yPred), {
    labels: [0, 1, 2],
    tp: [4, 2, 1],
    fp: [1, 1, 1],
    fn: [2, 1, 0],
    support: [6, 3, 1],
  });
});

test('classCounts: agree with the confusion matrix (diagonal, column and row sums)', () => {
  const yT = [3, 1, 0, 2, 2, 1, 0, 3, 3, 1, 2, 0];
  const yP = [3, 0, 0, 2, 1, 1, 2, 3, 0, 1, 2, 0];
  const { matrix } = confusionMatrix(yT, yP);
  const counts = classCounts(yT, yP);
  matrix.forEach((row, k) => {
    const column = matrix.reduce((s, r) => s + r[k]!, 0);
    const rowSum = row.reduce((a, b) => a + b);
    assert.equal(counts.tp[k], row[k]);
    assert.equal(counts.fp[k], column - row[k]!);
    assert.equal(counts.fn[k], rowSum - row[k]!);
    assert.equal(counts.support[k], rowSum);
  });
});

test('classCounts: with a subset of labels, wrong predictions of a listed class still count as its fp', () => {
  // Class 1 is predicted twice for true class 0 (unlisted): those are false positives of 1.
  assert.deepEqual(classCounts([0, 0, 1], [1, 1, 1], { labels: [1] }), { labels: [1], tp: [1], fp: [2], fn: [0], support: [1] });
});
