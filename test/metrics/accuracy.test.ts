import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyScore } from '../../src/metrics/index.js';

// The running 3-class example: 0 platypus (6 samples), 1 echidna (3), 2 wombat (1).
const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
const yPred = [0, 0, 0, 0, 1, 2, 1, 1, 0, 2];

test('accuracyScore: 7 of 10 correct is 0.7', () => {
  assert.equal(accuracyScore(yTrue, yPred), 0.7);
});

test('accuracyScore: all right is 1, all wrong is 0', () => {
  assert.equal(accuracyScore([2, 0, 1], [2, 0, 1]), 1);
  assert.equal(accuracyScore([2, 0, 1], [0, 1, 2]), 0);
});

test('accuracyScore: accepts typed arrays such as the Int32Array of argmaxRows', () => {
  assert.equal(accuracyScore(Int32Array.from(yTrue), Float64Array.from(yPred)), 0.7);
});
