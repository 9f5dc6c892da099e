import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INIT_NAMES, initialize } from '../../src/nn/init.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

function stats(w: Tensor): { mean: number; std: number; max: number } {
  let s = 0;
  let s2 = 0;
  let max = 0;
  for (const v of w.data) {
    s += v;
    s2 += v * v;
    max = Math.max(max, Math.abs(v));
  }
  const mean = s / w.size;
  return { mean, std: Math.sqrt(s2 / w.size - mean * mean), max };
}

const fanIn = 200;
const fanOut = 100;
const expectedStd: Record<string, number> = {
  book: Math.sqrt(1 / fanIn),
  'xavier-uniform': Math.sqrt(2 / (fanIn + fanOut)),
  'xavier-normal': Math.sqrt(2 / (fanIn + fanOut)),
  'he-normal': Math.sqrt(2 / fanIn),
  'he-uniform': Math.sqrt(2 / fanIn),
  zeros: 0,
};

for (const name of INIT_NAMES) {
  test(`init '${name}': mean 0 and the scheme's standard deviation; seeded`, () => {
    const w = initialize(Tensor.zeros([fanIn, fanOut], 'float64'), name, new Rng(1));
    const s = stats(w);
    assert.ok(Math.abs(s.mean) <= 0.1 * expectedStd[name]!, `${name}: mean ${s.mean}`);
    assert.ok(Math.abs(s.std - expectedStd[name]!) <= 0.03 * expectedStd[name]!, `${name}: std ${s.std}`);
    const again = initialize(Tensor.zeros([fanIn, fanOut], 'float64'), name, new Rng(1));
    assert.deepEqual(again.data, w.data);
  });
}

test('uniform schemes stay inside their limits', () => {
  const xavier = stats(initialize(Tensor.zeros([fanIn, fanOut]), 'xavier-uniform', new Rng(2)));
  assert.ok(xavier.max <= Math.sqrt(6 / (fanIn + fanOut)));
  const he = stats(initialize(Tensor.zeros([fanIn, fanOut]), 'he-uniform', new Rng(2)));
  assert.ok(he.max <= Math.sqrt(6 / fanIn));
});

test('unknown schemes and non-matrices are refused', () => {
  assert.throws(() => initialize(Tensor.zeros([2, 2]), 'lecun' as never, new Rng(0)), /unknown init lecun/);
  assert.throws(() => initialize(Tensor.zeros([4]), 'book', new Rng(0)), /must be \[fanIn, fanOut\]/);
});
