import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Activation } from '../../src/nn/activation.js';
import { ACTIVATION_NAMES } from '../../src/nn/activations.js';
import { ActivityRegularization } from '../../src/nn/activityRegularization.js';
import { BatchNorm } from '../../src/nn/batchNorm.js';
import { Dense } from '../../src/nn/dense.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Flatten } from '../../src/nn/flatten.js';
import type { Layer } from '../../src/nn/layer.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { checkLayer, randomTensor } from './layerCheck.js';

function assertPasses(name: string, result: ReturnType<typeof checkLayer>): void {
  assert.ok(result.passed && result.maxRelativeError < 1e-6, `${name}: ${JSON.stringify(result.parameters)}`);
}

test('gradient check: Dense (weights, bias, input) in float64', () => {
  const rng = new Rng(1);
  const dense = new Dense({ inputs: 4, units: 3, rng, dtype: 'float64' });
  for (let i = 0; i < 3; i++) dense.bias.value.data[i] = rng.normal();
  const result = checkLayer(dense, randomTensor([5, 4], rng));
  assertPasses('dense', result);
  assert.deepEqual(result.parameters.map((p) => p.name), ['dense.weights', 'dense.bias', 'input']);
});

for (const name of ACTIVATION_NAMES) {
  test(`gradient check: Activation '${name}' (inputs kept away from 0)`, () => {
    const rng = new Rng(2);
    const x = randomTensor([6, 3], rng, { awayFromZero: 0.1 });
    assertPasses(name, checkLayer(new Activation(name, { alpha: 0.2 }), x));
  });
}

test('gradient check: Dropout in training with the mask fixed by reseeding its Rng', () => {
  const rng = new Rng(3);
  const x = randomTensor([8, 5], new Rng(4));
  const state = rng.getState();
  const dropout = new Dropout({ rate: 0.4, rng });
  const result = checkLayer(dropout, x, { training: true, beforeForward: () => rng.setState(state) });
  assertPasses('dropout', result);
});

test('gradient check: BatchNorm in training mode (γ, β, input)', () => {
  const rng = new Rng(5);
  const bn = new BatchNorm({ features: 3, dtype: 'float64' });
  for (let j = 0; j < 3; j++) {
    bn.gamma.value.data[j] = rng.normal(1, 0.3);
    bn.beta.value.data[j] = rng.normal();
  }
  const x = randomTensor([7, 3], rng, { std: 2 });
  assertPasses('batch norm (training)', checkLayer(bn, x, { training: true }));
});

test('gradient check: BatchNorm in inference mode uses the running statistics', () => {
  const rng = new Rng(6);
  const bn = new BatchNorm({ features: 2, dtype: 'float64', momentum: 0.5 });
  bn.forward(randomTensor([10, 2], rng, { std: 3 }), { training: true });
  assert.notEqual(bn.runningVariance.data[0], 1);
  assertPasses('batch norm (inference)', checkLayer(bn, randomTensor([4, 2], rng)));
});

test('gradient check: Flatten on [batch, 2, 3] inputs', () => {
  const x = randomTensor([4, 2, 3], new Rng(7));
  const flatten = new Flatten();
  assert.deepEqual(flatten.forward(x).shape, [4, 6]);
  assertPasses('flatten', checkLayer(flatten, x));
});

test('gradient check: ActivityRegularization (L1 + L2 on activations)', () => {
  const x = randomTensor([5, 3], new Rng(8), { awayFromZero: 0.1 });
  assertPasses('activity', checkLayer(new ActivityRegularization({ l1: 0.3, l2: 0.7 }), x));
});

test('Dense matches a hand-computed z = x·W + b', () => {
  const dense = new Dense({ inputs: 2, units: 2, rng: new Rng(0), dtype: 'float64', init: 'zeros' });
  dense.weights.value.data.set([1, 2, 3, 4]);
  dense.bias.value.data.set([0.5, -1]);
  const z = dense.forward(Tensor.from([[1, 1], [2, -1]], undefined, 'float64'));
  assert.deepEqual(Array.from(z.data), [4.5, 5, -0.5, -1]);
});

test('layers reuse their buffers: no new output per batch of the same size', () => {
  const rng = new Rng(9);
  const layers: Layer[] = [
    new Dense({ inputs: 3, units: 4, rng, dtype: 'float32' }),
    new BatchNorm({ features: 4 }),
    new Activation('relu'),
    new Dropout({ rate: 0.5, rng }),
  ];
  const run = (rows: number): Tensor[] => {
    let h = Tensor.full([rows, 3], 0.5);
    const outs: Tensor[] = [];
    for (const l of layers) outs.push((h = l.forward(h, { training: true })));
    let g = Tensor.full([rows, 4], 1);
    for (let i = layers.length - 1; i >= 0; i--) outs.push((g = layers[i]!.backward(g)));
    return outs;
  };
  const first = run(8);
  const second = run(8);
  first.forEach((t, i) => assert.equal(t, second[i], `tensor ${i} was reallocated`));
  const smaller = run(3);
  assert.deepEqual(smaller[0]!.shape, [3, 4]);
  assert.equal(smaller[0]!.data.buffer, first[0]!.data.buffer, 'a smaller batch is a view of the same buffer');
  const again = run(8);
  first.forEach((t, i) => assert.equal(t, again[i], `tensor ${i} was reallocated after a smaller batch`));
});

test('Dropout: inactive at inference, keeps about 1 − rate in training, scales by 1/(1 − rate)', () => {
  const dropout = new Dropout({ rate: 0.25, rng: new Rng(10) });
  const x = Tensor.full([100, 50], 2);
  assert.equal(dropout.forward(x), x);
  const y = dropout.forward(x, { training: true });
  let kept = 0;
  for (const v of y.data) {
    assert.ok(v === 0 || Math.abs(v - 2 / 0.75) < 1e-6);
    if (v !== 0) kept++;
  }
  assert.ok(Math.abs(kept / y.size - 0.75) < 0.02, `kept ${kept / y.size}`);
  assert.throws(() => new Dropout({ rate: 1, rng: new Rng(0) }), /rate must be in \[0, 1\)/);
});

test('BatchNorm: training output has mean β and std γ per feature; running statistics follow momentum', () => {
  const bn = new BatchNorm({ features: 2, dtype: 'float64', momentum: 0.9 });
  const x = Tensor.from([[1, 10], [3, 20], [5, 30]], undefined, 'float64');
  const y = bn.forward(x, { training: true });
  const col = (j: number): number[] => [0, 1, 2].map((i) => y.at(i, j));
  for (const j of [0, 1]) {
    const v = col(j);
    const mean = v.reduce((a, b) => a + b) / 3;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 3;
    assert.ok(Math.abs(mean) < 1e-12);
    assert.ok(Math.abs(variance - 1) < 1e-4);
  }
  assert.ok(Math.abs(bn.runningMean.data[0]! - 0.1 * 3) < 1e-12);
  assert.ok(Math.abs(bn.runningVariance.data[0]! - (0.9 + 0.1 * (8 / 3))) < 1e-12);
});

test('layers report their configuration as plain JSON', () => {
  const rng = new Rng(0);
  assert.deepEqual(new Dense({ inputs: 2, units: 3, rng, init: 'he-normal' }).config(), { kind: 'dense', inputs: 2, units: 3, init: 'he-normal' });
  assert.deepEqual(new Activation('leaky-relu', { alpha: 0.1 }).config(), { kind: 'activation', activation: 'leaky-relu', alpha: 0.1 });
  assert.deepEqual(new Activation('tanh').config(), { kind: 'activation', activation: 'tanh' });
  assert.deepEqual(new Dropout({ rate: 0.5, rng }).config(), { kind: 'dropout', rate: 0.5 });
  assert.deepEqual(new BatchNorm({ features: 4 }).config(), { kind: 'batch-norm', features: 4, momentum: 0.99, epsilon: 1e-5 });
  assert.deepEqual(new Flatten().config(), { kind: 'flatten' });
  assert.deepEqual(new ActivityRegularization({ l2: 0.1 }).config(), { kind: 'activity-regularization', l1: 0, l2: 0.1 });
});

test('Dense refuses inputs of the wrong width', () => {
  const dense = new Dense({ inputs: 3, units: 2, rng: new Rng(0) });
  assert.throws(() => dense.forward(Tensor.zeros([2, 4])), /dense: expected inputs \[batch, 3\], got \[2,4\]/);
});

test('Dense.parameterGradients writes the same ∂W and ∂b as backward, without ∂x', () => {
  const rng = new Rng(12);
  const dense = new Dense({ inputs: 3, units: 2, rng, dtype: 'float64' });
  const x = randomTensor([4, 3], rng);
  const g = randomTensor([4, 2], rng);
  dense.forward(x);
  dense.backward(g);
  const full = dense.parameters().map((p) => Array.from(p.grad.data));
  for (const p of dense.parameters()) p.grad.data.fill(0);
  dense.parameterGradients(g);
  assert.deepEqual(dense.parameters().map((p) => Array.from(p.grad.data)), full);
});
