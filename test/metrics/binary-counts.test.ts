import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryCounts } from '../../src/metrics/index.js';

// The platypus detector: 4 platypuses (1) among 10 animals. It finds 3 and mistakes 2 others for platypuses.
const isPlatypus = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const saidPlatypus = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];

test('binaryCounts: the platypus detector has tp 3, fn 1, fp 2, tn 4', () => {
  assert.deepEqual(binaryCounts(isPlatypus, saidPlatypus), { tp: 3, fp: 2, tn: 4, fn: 1 });
});

test('binaryCounts: positiveLabel 0 swaps tp with tn and fp with fn', () => {
  assert.deepEqual(binaryCounts(isPlatypus, saidPlatypus, { positiveLabel: 0 }), { tp: 4, fp: 1, tn: 3, fn: 2 });
});

test('binaryCounts: a multiclass label is one-vs-rest', () => {
  const yTrue = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
  const yPred = [0, 0, 0, 0, 1, 2, 1, 1, 0, 2];
  assert.deepEqual(binaryCounts(yTrue, yPred, { positiveLabel: 2 }), { tp: 1, fp: 1, tn: 8, fn: 0 });
});
