import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix } from '../../src/metrics/index.js';

const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
const yPred = [0, 0, 0, 0, 1, 2, 1, 1, 0, 2];

test('confusionMatrix: C[i][j] counts true class i predicted as j', () => {
  assert.deepEqual(confusionMatrix(yTrue, yPred), {
    labels: [0, 1, 2],
    matrix: [
      [4, 1, 1],
      [1, 2, 0],
      [0, 0, 1],
    ],
  });
});

test('confusionMatrix: rows sum to the support, columns to the times predicted', () => {
  const { matrix } = confusionMatrix(yTrue, yPred);
  assert.deepEqual(matrix.map((r) => r.reduce((a, b) => a + b)), [6, 3, 1]);
  assert.deepEqual([0, 1, 2].map((j) => matrix.reduce((s, r) => s + r[j]!, 0)), [5, 3, 2]);
});

test('confusionMatrix: numClasses includes classes that never occur', () => {
  const { labels, matrix } = confusionMatrix([0, 2], [0, 0], { numClasses: 4 });
  assert.deepEqual(labels, [0, 1, 2, 3]);
  assert.deepEqual(matrix, [
    [1, 0, 0, 0],
    [0, 0, 0, 0],
    [1, 0, 0, 0],
    [0, 0, 0, 0],
  ]);
});

test('confusionMatrix: a class found only in yPred still gets a row and a column', () => {
  assert.deepEqual(confusionMatrix([0, 0], [0, 3]), { labels: [0, 3], matrix: [[1, 1], [0, 0]] });
});

test('confusionMatrix: labels choose and order the classes; other samples are not counted', () => {
  assert.deepEqual(confusionMatrix(yTrue, yPred, { labels: [2, 0] }), {
    labels: [2, 0],
    matrix: [
      [1, 0],
      [1, 4],
    ],
  });
});
