import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conv2D } from '../../src/nn/conv2d.js';
import { DEFAULT_CNN, formatLayerSpecs, parseLayerSpecs } from '../../src/nn/layerSpec.js';
import { softmaxCrossEntropyLoss } from '../../src/nn/losses.js';
import { MaxPool2D } from '../../src/nn/maxPool2d.js';
import { layerStack, stackWeightCount } from '../../src/nn/stack.js';
import { checkGradients } from '../../src/inspect/gradientCheck.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { oneHot } from '../../src/data/oneHot.js';
import { randomTensor } from './layerCheck.js';

test('layer specs: the issue’s example parses, and formatting gives the text back', () => {
  const text = 'conv:16x3,pool:2,conv:32x3,pool:2,dense:128,dense:10';
  const specs = parseLayerSpecs(text);
  assert.deepEqual(specs, [
    { kind: 'conv', filters: 16, size: 3 }, { kind: 'pool', size: 2 }, { kind: 'conv', filters: 32, size: 3 },
    { kind: 'pool', size: 2 }, { kind: 'dense', units: 128 }, { kind: 'dense', units: 10 },
  ]);
  assert.equal(formatLayerSpecs(specs), text);
  const options = parseLayerSpecs('conv:8x5:s2:valid, pool:3:s2, bn, dropout:0.25, DENSE:4');
  assert.deepEqual(options, [
    { kind: 'conv', filters: 8, size: 5, stride: 2, padding: 'valid' }, { kind: 'pool', size: 3, stride: 2 },
    { kind: 'batch-norm' }, { kind: 'dropout', rate: 0.25 }, { kind: 'dense', units: 4 },
  ]);
  assert.equal(formatLayerSpecs(options), 'conv:8x5:s2:valid,pool:3:s2,bn,dropout:0.25,dense:4');
});

test('layer specs: each mistake gets a message naming the token', () => {
  for (const [text, message] of [
    ['', /no layers given/],
    ['conv:16', /conv:<filters>x<size>/],
    ['conv:16x3:s0', /'conv:16x3:s0': 0 is outside/],
    ['conv:16x3:wide', /unknown option 'wide'/],
    ['pool:x', /'pool:x': expected a whole number/],
    ['dense:', /dense:<units>/],
    ['dense:1,,dense:2', /unknown layer ''/],
    ['dropout:1', /rate in \[0, 1\)/],
    ['lstm:4', /unknown layer 'lstm:4'/],
    ['bn:2', /bn takes no options/],
    [Array(65).fill('dense:2').join(','), /at most 64 layers/],
  ] as const) {
    assert.throws(() => parseLayerSpecs(text), message, text);
  }
});

test('the default CNN on 28×28 images: conv → relu → pool → batch norm twice, flatten, dense 128, dropout, dense 10', () => {
  const net = layerStack({
    inputs: 784, imageShape: [28, 28, 1], layers: DEFAULT_CNN, outputs: 10, loss: softmaxCrossEntropyLoss,
    activation: 'relu', init: 'he-normal', rng: new Rng(0), dtype: 'float32',
  });
  assert.deepEqual(net.layers.map((l) => l.kind), [
    'conv2d', 'activation', 'max-pool2d', 'batch-norm', 'conv2d', 'activation', 'max-pool2d', 'batch-norm', 'flatten', 'dense', 'activation', 'dropout', 'dense',
  ]);
  assert.deepEqual((net.layers[4] as Conv2D).outputShape, [14, 14, 32]);
  assert.deepEqual((net.layers[6] as MaxPool2D).outputShape, [7, 7, 32]);
  const z = net.forward(Tensor.zeros([3, 784]));
  assert.deepEqual(z.shape, [3, 10]);
  const counted = net.parameters().reduce((sum, p) => sum + p.value.size, 0);
  // γ and β of the two batch norms are parameters; their running mean and variance are counted as weights too.
  assert.equal(counted, 16 * 9 + 16 + 2 * 16 + 32 * 16 * 9 + 32 + 2 * 32 + 1568 * 128 + 128 + 1290);
  assert.equal(stackWeightCount(784, [28, 28, 1], DEFAULT_CNN, 10), counted + 2 * (16 + 32));
});

test('batch norm and dropout options place their layers; a last dense:<outputs> is the output layer', () => {
  const net = layerStack({
    inputs: 36, imageShape: [6, 6, 1], layers: parseLayerSpecs('conv:2x3,pool:2,dense:5,dense:3'), outputs: 3,
    loss: softmaxCrossEntropyLoss, activation: 'relu', init: 'he-normal', rng: new Rng(0), dtype: 'float32', batchNorm: true, dropout: 0.5,
  });
  assert.deepEqual(net.layers.map((l) => l.kind), ['conv2d', 'batch-norm', 'activation', 'max-pool2d', 'flatten', 'dense', 'batch-norm', 'activation', 'dropout', 'dense']);
  const counted = net.parameters().reduce((sum, p) => sum + p.value.size, 0) + 2 * (2 + 5);
  assert.equal(stackWeightCount(36, [6, 6, 1], parseLayerSpecs('conv:2x3,pool:2,dense:5,dense:3'), 3, true), counted);
});

test('stack errors: convolution without images, after a dense layer, pooling too large, wrong image size', () => {
  const base = { inputs: 16, outputs: 2, loss: softmaxCrossEntropyLoss, activation: 'relu' as const, init: 'he-normal' as const, rng: new Rng(0), dtype: 'float32' as const };
  assert.throws(() => layerStack({ ...base, layers: parseLayerSpecs('conv:2x3') }), /needs image rows/);
  assert.throws(() => layerStack({ ...base, imageShape: [4, 4, 1], layers: parseLayerSpecs('dense:4,conv:2x3') }), /cannot follow a dense layer/);
  assert.throws(() => layerStack({ ...base, imageShape: [4, 4, 1], layers: parseLayerSpecs('pool:5') }), /size must be a whole number in \[1, 4\]/);
  assert.throws(() => layerStack({ ...base, imageShape: [5, 4, 1], layers: parseLayerSpecs('pool:2') }), /has 20 values, the rows have 16/);
});

test('gradient check through a whole small CNN (conv, batch norm, pool, dense) with its loss, in float64', () => {
  const rng = new Rng(21);
  const net = layerStack({
    inputs: 50, imageShape: [5, 5, 2], layers: parseLayerSpecs('conv:3x3,pool:2,conv:2x2:valid,dense:4'), outputs: 3,
    loss: softmaxCrossEntropyLoss, activation: 'tanh', init: 'xavier-normal', rng, dtype: 'float64', batchNorm: true,
  });
  const x = randomTensor([4, 50], rng);
  const y = oneHot([0, 2, 1, 2], 3, { dtype: 'float64' });
  const result = checkGradients(net.parameters(), () => net.lossAndGradient(x, y), { epsilon: 1e-5, tolerance: 1e-5, floor: 1e-5 });
  // (A convolution's bias right before batch norm has a gradient of exactly 0: the normalization removes it; the floor covers that.)
  assert.ok(result.passed, JSON.stringify(result.parameters.filter((p) => !p.passed)));
});
