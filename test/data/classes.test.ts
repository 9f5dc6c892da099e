import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CLASSES, binaryTargets, toClassIndices } from '../../src/data/classes.js';

test('toClassIndices counts classes as max + 1', () => {
  assert.equal(toClassIndices([0, 2, 1, 2], 'f'), 3);
  assert.equal(toClassIndices(Float64Array.from([0, 0]), 'f'), 1);
});

test('with class names, the count is theirs and targets must be below it', () => {
  assert.equal(toClassIndices([0, 1], 'f', ['a', 'b', 'c']), 3);
  assert.throws(() => toClassIndices([0, 3], 'f', ['a', 'b', 'c']), { name: 'DataError', message: /^f: target 3 of row 1 is too large: there are 3 class names/ });
});

test('regression targets are refused with a hint', () => {
  assert.throws(() => toClassIndices([0, 1.5], 'pizza.txt'), { name: 'DataError', message: /^pizza\.txt: target 1\.5 of row 1 is not a class index.*regression/ });
  assert.throws(() => toClassIndices([-1], 'f'), { message: /target -1 of row 0/ });
  assert.throws(() => toClassIndices([Number.NaN], 'f'), { message: /target NaN/ });
  assert.throws(() => toClassIndices([MAX_CLASSES], 'f'), { message: /more than 10000 classes/ });
  assert.throws(() => toClassIndices([], 'f'), { message: /no examples/ });
});

test('binaryTargets: "is it a 5?"', () => {
  assert.deepEqual(Array.from(binaryTargets([5, 3, 5, 0], 5)), [1, 0, 1, 0]);
  assert.deepEqual(Array.from(binaryTargets([], 5)), []);
});
