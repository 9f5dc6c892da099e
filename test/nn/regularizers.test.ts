import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGradients } from '../../src/inspect/gradientCheck.js';
import { Activation } from '../../src/nn/activation.js';
import { ActivityRegularization } from '../../src/nn/activityRegularization.js';
import { Dense } from '../../src/nn/dense.js';
import { softmaxCrossEntropyLoss } from '../../src/nn/losses.js';
import { Sequential, type SequentialOptions } from '../../src/nn/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { randomTensor } from './layerCheck.js';

function network(options: SequentialOptions, activity?: ActivityRegularization): Sequential {
  const rng = new Rng(21);
  const layers = [new Dense({ inputs: 3, units: 4, rng, dtype: 'float64' }), new Activation('sigmoid')];
  const tail = [new Dense({ inputs: 4, units: 3, rng, dtype: 'float64' })];
  const net = new Sequential(activity ? [...layers, activity, ...tail] : [...layers, ...tail], softmaxCrossEntropyLoss, options);
  // Parameters away from 0, where |w| has a derivative.
  for (const p of net.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = (rng.int(2) ? 1 : -1) * rng.uniformRange(0.1, 1);
  return net;
}

const x = randomTensor([6, 3], new Rng(22));
const y = Tensor.zeros([6, 3], 'float64');
for (let i = 0; i < 6; i++) y.data[i * 3 + (i % 3)] = 1;

for (const options of [{ l2: 0.05 }, { l1: 0.03 }, { l1: 0.02, l2: 0.04 }]) {
  test(`gradient check: weight decay ${JSON.stringify(options)}`, () => {
    const net = network(options);
    const result = checkGradients(net.parameters(), () => net.lossAndGradient(x, y));
    assert.ok(result.passed && result.maxRelativeError < 1e-6, JSON.stringify(result.parameters));
  });
}

test('gradient check: ActivityRegularization inside a network', () => {
  const net = network({}, new ActivityRegularization({ l1: 0.1, l2: 0.2 }));
  const result = checkGradients(net.parameters(), () => net.lossAndGradient(x, y));
  assert.ok(result.passed && result.maxRelativeError < 1e-6, JSON.stringify(result.parameters));
});

test('weight decay adds λ₁Σ|W| + λ₂ΣW² over weights only, never biases', () => {
  const plain = network({});
  const decayed = network({ l1: 0.1, l2: 0.3 });
  let expected = 0;
  for (const p of decayed.parameters()) {
    if (p.name.endsWith('.bias')) {
      assert.equal(p.regularize, false);
      continue;
    }
    for (const w of p.value.data) expected += 0.1 * Math.abs(w) + 0.3 * w * w;
  }
  const difference = decayed.loss(x, y) - plain.loss(x, y);
  assert.ok(Math.abs(difference - expected) < 1e-12, `${difference} vs ${expected}`);
  plain.lossAndGradient(x, y);
  decayed.lossAndGradient(x, y);
  const bias = (net: Sequential) => Array.from(net.parameters().find((p) => p.name === '2.dense.bias')!.grad.data);
  assert.deepEqual(bias(decayed), bias(plain));
});

test('negative penalties are refused', () => {
  assert.throws(() => network({ l2: -1 }), /l2 must be a number ≥ 0/);
  assert.throws(() => new ActivityRegularization({ l1: Number.NaN }), /l1 must be a number ≥ 0/);
});
