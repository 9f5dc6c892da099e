import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LabeledSet } from '../../../src/data/dataset.js';
import { GENERATORS, blobs, circles, generatorNames, line, linear, makeGenerated, spiral, xor } from '../../../src/data/generators/index.js';
import { Rng } from '../../../src/tensor/rng.js';

function points(set: LabeledSet): [number, number][] {
  return Array.from({ length: set.features.rows }, (_, i) => [set.features.get(i, 0), set.features.get(i, 1)]);
}

describe('every generator', () => {
  for (const name of generatorNames()) {
    test(`${name}: shape, names, determinism`, () => {
      const a = makeGenerated(name, { seed: 3, n: 40 });
      const b = makeGenerated(name, { seed: 3, n: 40 });
      const c = makeGenerated(name, { seed: 4, n: 40 });
      assert.equal(a.features.rows, 40);
      assert.equal(a.targets.length, 40);
      assert.equal(a.source, `${name} (seed 3)`);
      assert.deepEqual(points(a), points(b));
      assert.deepEqual(a.targets, b.targets);
      assert.notDeepEqual(points(a), points(c));
      const cols = GENERATORS[name]!.task === 'regression' ? 1 : 2;
      assert.equal(a.features.cols, cols);
      assert.deepEqual(a.featureNames, ['Input_A', 'Input_B'].slice(0, cols));
      for (let i = 0; i < 40; i++) for (let j = 0; j < cols; j++) assert.ok(Number.isFinite(a.features.get(i, j)));
      assert.ok(GENERATORS[name]!.description.length > 0);
    });
  }
});

test('circles: class 1 is the inner ring', () => {
  const set = circles({ n: 200, noise: 0, rng: new Rng(1) });
  points(set).forEach(([x, y], i) => assert.ok(Math.abs(Math.hypot(x, y) - (set.targets[i] === 1 ? 0.5 : 1)) < 1e-12));
  assert.equal(set.targets.reduce((s, t) => s + t, 0), 100);
});

test('xor: class 1 where the signs differ', () => {
  const set = xor({ n: 200, rng: new Rng(1) });
  points(set).forEach(([x, y], i) => assert.equal(set.targets[i], x * y < 0 ? 1 : 0));
});

test('linear: separable — a line splits the classes with a margin', () => {
  const set = linear({ n: 300, rng: new Rng(2) });
  const labels = new Set(set.targets);
  assert.deepEqual([...labels].sort(), [0, 1]);
  // The perceptron converges on separable data; a few passes must reach zero errors.
  let w0 = 0;
  let w1 = 0;
  let b = 0;
  let errors = 1;
  for (let epoch = 0; epoch < 1000 && errors > 0; epoch++) {
    errors = 0;
    points(set).forEach(([x, y], i) => {
      const want = set.targets[i] === 1 ? 1 : -1;
      if (want * (w0 * x + w1 * y + b) <= 0) {
        w0 += want * x;
        w1 += want * y;
        b += want;
        errors++;
      }
    });
  }
  assert.equal(errors, 0);
});

test('spiral and blobs: k classes, balanced', () => {
  for (const make of [spiral, blobs]) {
    const set = make({ n: 90, classes: 3, rng: new Rng(0) });
    const counts = [0, 0, 0];
    for (const t of set.targets) counts[t]!++;
    assert.deepEqual(counts, [30, 30, 30]);
  }
  assert.equal(Math.max(...blobs({ rng: new Rng(0) }).targets), 2); // default 3 classes
  assert.equal(Math.max(...spiral({ rng: new Rng(0) }).targets), 1); // default 2 classes
});

test('line: y = 2x + 5 without noise', () => {
  const set = line({ n: 20, noise: 0, rng: new Rng(0) });
  for (let i = 0; i < 20; i++) assert.ok(Math.abs(set.targets[i]! - (2 * set.features.get(i, 0) + 5)) < 1e-12);
  const custom = line({ n: 5, noise: 0, slope: -1, intercept: 0, rng: new Rng(0) });
  assert.equal(custom.targets[0], -custom.features.get(0, 0));
});

test('bad options are usage errors', () => {
  assert.throws(() => makeGenerated('moons'), { name: 'UsageError', message: /unknown generator "moons"; generators are: circles, xor/ });
  assert.throws(() => makeGenerated('circles', { n: 0 }), { name: 'UsageError', message: /circles: n must be/ });
  assert.throws(() => makeGenerated('circles', { noise: -1 }), { name: 'UsageError', message: /noise/ });
  assert.throws(() => makeGenerated('circles', { classes: 3 }), { name: 'UsageError', message: /classes option applies only to spiral and blobs/ });
  assert.throws(() => makeGenerated('blobs', { classes: 1 }), { name: 'UsageError' });
  assert.throws(() => makeGenerated('blobs', { classes: 5, n: 4 }), { name: 'UsageError', message: /at least 5 examples/ });
  assert.throws(() => makeGenerated('toString'), { name: 'UsageError' });
});
