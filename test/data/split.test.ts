import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitIndices, trainTestSplit } from '../../src/data/split.js';
import { Rng } from '../../src/tensor/rng.js';

function sorted(...parts: Int32Array[]): number[] {
  return parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
}

test('worked example: 10 rows, validation 0.1, test 0.2 → 7 / 1 / 2', () => {
  const s = splitIndices(10, { validation: 0.1, test: 0.2, rng: new Rng(1) });
  assert.equal(s.train.length, 7);
  assert.equal(s.validation.length, 1);
  assert.equal(s.test.length, 2);
  assert.deepEqual(sorted(s.train, s.validation, s.test), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('same seed, same split; another seed, another split', () => {
  const a = trainTestSplit(50, { testFraction: 0.3, rng: new Rng(7) });
  const b = trainTestSplit(50, { testFraction: 0.3, rng: new Rng(7) });
  const c = trainTestSplit(50, { testFraction: 0.3, rng: new Rng(8) });
  assert.deepEqual(a, b);
  assert.notDeepEqual(Array.from(a.test), Array.from(c.test));
  assert.equal(a.test.length, 15);
  assert.equal(a.train.length, 35);
});

test('trainTestSplit defaults to a 20% test set, shuffled', () => {
  const { train, test } = trainTestSplit(100, { rng: new Rng(0) });
  assert.equal(test.length, 20);
  assert.deepEqual(sorted(train, test), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(Array.from(train), Array.from(train).sort((a, b) => a - b));
});

test('no held-out parts by default', () => {
  const s = splitIndices(3, { rng: new Rng(0) });
  assert.equal(s.train.length, 3);
  assert.equal(s.test.length, 0);
});

test('bad fractions and sizes are usage errors', () => {
  const rng = new Rng(0);
  assert.throws(() => splitIndices(10, { test: 1, rng }), { name: 'UsageError', message: /test fraction must be in \[0, 1\)/ });
  assert.throws(() => splitIndices(10, { test: -0.1, rng }), { name: 'UsageError' });
  assert.throws(() => splitIndices(10, { test: 0.5, validation: 0.5, rng }), { name: 'UsageError', message: /leaves no rows/ });
  assert.throws(() => splitIndices(2, { test: 0.4, validation: 0.4, rng }), { name: 'UsageError', message: /too few/ });
  assert.throws(() => splitIndices(0, { rng }), { name: 'UsageError' });
});
