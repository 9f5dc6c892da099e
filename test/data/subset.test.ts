import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDelimited } from '../../src/data/parsers/delimited.js';
import { subset } from '../../src/data/subset.js';

const set = parseDelimited('a b y\n1 10 0\n2 20 1\n3 30 0\n4 40 1\n', { source: 's' });

test('a subset views the chosen rows in order', () => {
  const part = subset(set, [3, 1]);
  assert.equal(part.features.rows, 2);
  assert.equal(part.features.get(0, 1), 40);
  assert.deepEqual(Array.from(part.targets), [1, 1]);
  const out = new Float64Array(4);
  part.features.gather([1, 0], out, { shift: Float64Array.from([0, 10]), factor: Float64Array.from([1, 0.1]) });
  assert.deepEqual(Array.from(out), [2, 1, 4, 3]);
  assert.deepEqual(part.featureNames, ['a', 'b']);
});

test('rows outside the set are refused', () => {
  assert.throws(() => subset(set, [4]), { name: 'ShapeError' });
  assert.throws(() => subset(set, [0.5]), { name: 'ShapeError' });
  assert.throws(() => subset(set, [0]).features.gather([1], new Float64Array(2)), { name: 'ShapeError' });
});
