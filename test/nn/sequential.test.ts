import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../src/data/features.js';
import { checkGradients } from '../../src/inspect/gradientCheck.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { Kernels } from '../../src/kernels/types.js';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import { Activation } from '../../src/nn/activation.js';
import { BatchNorm } from '../../src/nn/batchNorm.js';
import { multilayerPerceptron } from '../../src/nn/build.js';
import { Conv2D } from '../../src/nn/conv2d.js';
import { Dense } from '../../src/nn/dense.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Flatten } from '../../src/nn/flatten.js';
import type { Layer } from '../../src/nn/layer.js';
import { sigmoidLogLoss, softmaxCrossEntropyLoss } from '../../src/nn/losses.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Adam } from '../../src/optim/adam.js';
import { useKernels } from '../../src/tensor/backend.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { fit } from '../../src/train/fit.js';
import { randomTensor } from './layerCheck.js';

function oneHotTargets(rows: number, classes: number, rng: Rng): Tensor {
  const y = Tensor.zeros([rows, classes], 'float64');
  for (let i = 0; i < rows; i++) y.data[i * classes + rng.int(classes)] = 1;
  return y;
}

test('gradient check: a deep network (Flatten, Dense, BatchNorm, leaky ReLU, Dropout, tanh, softmax) end to end', () => {
  const rng = new Rng(31);
  const dropRng = new Rng(32);
  const state = dropRng.getState();
  const net = new Sequential(
    [
      new Flatten(),
      new Dense({ inputs: 6, units: 5, rng, dtype: 'float64', init: 'he-normal', name: 'd0' }),
      new BatchNorm({ features: 5, dtype: 'float64' }),
      new Activation('leaky-relu', { alpha: 0.1 }),
      new Dropout({ rate: 0.3, rng: dropRng }),
      new Dense({ inputs: 5, units: 4, rng, dtype: 'float64', init: 'xavier-uniform', name: 'd1' }),
      new Activation('tanh'),
      new Dense({ inputs: 4, units: 3, rng, dtype: 'float64', name: 'd2' }),
    ],
    softmaxCrossEntropyLoss,
    { l2: 0.01 },
  );
  const x = randomTensor([10, 2, 3], rng);
  const y = oneHotTargets(10, 3, rng);
  const result = checkGradients(net.parameters(), () => {
    dropRng.setState(state);
    return net.lossAndGradient(x, y);
  });
  assert.ok(result.passed && result.maxRelativeError < 1e-6, JSON.stringify(result.parameters));
  assert.deepEqual(
    net.parameters().map((p) => p.name),
    ['1.d0.weights', '1.d0.bias', '2.batchNorm.gamma', '2.batchNorm.beta', '5.d1.weights', '5.d1.bias', '7.d2.weights', '7.d2.bias'],
  );
});

test('predictProba: softmax rows sum to 1, in batches that agree with one pass', () => {
  const rng = new Rng(33);
  const net = multilayerPerceptron({
    inputs: 2, hidden: [8, 6], outputs: 3, loss: softmaxCrossEntropyLoss, activation: 'relu', init: 'he-normal', rng, dtype: 'float64',
  });
  const x = randomTensor([25, 2], rng);
  const p = net.predictProba(x, { batchSize: 7 });
  assert.deepEqual(p.shape, [25, 3]);
  for (let i = 0; i < 25; i++) assert.ok(Math.abs(p.at(i, 0) + p.at(i, 1) + p.at(i, 2) - 1) < 1e-12);
  assert.deepEqual(Array.from(net.predictProba(x).data), Array.from(p.data));
});

test('activations(): the output of every layer (every node) for a batch', () => {
  const rng = new Rng(34);
  const net = multilayerPerceptron({
    inputs: 2, hidden: [4], outputs: 1, loss: sigmoidLogLoss, activation: 'sigmoid', init: 'book', rng, dtype: 'float32', dropout: 0.5,
  });
  const x = Tensor.from([[0.1, 0.2], [0.3, -0.4], [1, 1]]);
  const a = net.activations(x);
  assert.deepEqual(a.layers.map((t) => t.shape), [[3, 4], [3, 4], [3, 4], [3, 1]]);
  assert.deepEqual(net.layers.map((l) => l.kind), ['dense', 'activation', 'dropout', 'dense']);
  for (const v of a.layers[1]!.data) assert.ok(v > 0 && v < 1);
  assert.deepEqual(Array.from(a.layers[2]!.data), Array.from(a.layers[1]!.data), 'dropout is the identity at inference');
  assert.deepEqual(Array.from(a.output.data), Array.from(net.predictProba(x).data));
  assert.notEqual(a.layers[0]!.data.buffer, a.layers[1]!.data.buffer, 'activations are copies');
});

test('fit() from src/train trains a Sequential unchanged (XOR with tanh units and Adam)', () => {
  const rng = new Rng(35);
  const x = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]], undefined, 'float32');
  const labels = [0, 1, 1, 0];
  const targets = Tensor.from(labels.map((v) => [v]), undefined, 'float32');
  const net = multilayerPerceptron({
    inputs: 2, hidden: [8], outputs: 1, loss: sigmoidLogLoss, activation: 'tanh', init: 'xavier-uniform', rng, dtype: 'float32',
  });
  const history = fit(net, { features: new DenseFeatures(x.data, 4, 2), targets }, {
    epochs: 300, batchSize: 'all', rng, optimizer: new Adam({ learningRate: 0.05 }), dtype: 'float32',
  });
  assert.ok(history.epochs.at(-1)!.loss < 0.05, `final loss ${history.epochs.at(-1)!.loss}`);
  const p = net.predictProba(x);
  labels.forEach((label, i) => assert.equal(p.data[i]! >= 0.5 ? 1 : 0, label));
});

test('config(): the architecture as JSON', () => {
  const net = multilayerPerceptron({
    inputs: 3, hidden: [5], outputs: 2, loss: softmaxCrossEntropyLoss, activation: 'relu', init: 'he-normal', rng: new Rng(0),
    dtype: 'float32', batchNorm: true, l1: 0.1,
  });
  const config = JSON.parse(JSON.stringify(net.config()));
  assert.deepEqual(config, {
    layers: [
      { kind: 'dense', inputs: 3, units: 5, init: 'he-normal' },
      { kind: 'batch-norm', features: 5, momentum: 0.99, epsilon: 1e-5 },
      { kind: 'activation', activation: 'relu' },
      { kind: 'dense', inputs: 5, units: 2, init: 'he-normal' },
    ],
    loss: 'categorical-cross-entropy',
    l1: 0.1,
    l2: 0,
  });
});

test('a network needs layers', () => {
  assert.throws(() => new Sequential([], softmaxCrossEntropyLoss), /at least one layer/);
});

test('float32 and float64 networks with the same seed agree to float32 precision', () => {
  const make = (dtype: 'float32' | 'float64') =>
    multilayerPerceptron({
      inputs: 4, hidden: [16, 8], outputs: 3, loss: softmaxCrossEntropyLoss, activation: 'sigmoid', init: 'book', rng: new Rng(36), dtype,
      batchNorm: true,
    });
  const x64 = randomTensor([12, 4], new Rng(37));
  const y = oneHotTargets(12, 3, new Rng(38));
  const a = make('float64');
  const b = make('float32');
  const la = a.lossAndGradient(x64, y);
  const lb = b.lossAndGradient(x64.astype('float32'), y.astype('float32'));
  assert.ok(Math.abs(la - lb) < 1e-5, `${la} vs ${lb}`);
  a.parameters().forEach((p, i) => {
    const q = b.parameters()[i]!;
    assert.equal(q.grad.dtype, 'float32');
    for (let j = 0; j < p.grad.size; j++) assert.ok(Math.abs(p.grad.data[j]! - q.grad.data[j]!) < 1e-5, `${p.name}[${j}]`);
  });
});

test('backward stops at the first trainable layer: layers before it are never asked for a gradient', () => {
  const rng = new Rng(39);
  const flatten = new Flatten();
  let calls = 0;
  const original = flatten.backward.bind(flatten);
  flatten.backward = (g: Tensor) => {
    calls++;
    return original(g);
  };
  const net = new Sequential([flatten, new Dense({ inputs: 4, units: 2, rng, dtype: 'float64' })], softmaxCrossEntropyLoss);
  net.lossAndGradient(randomTensor([3, 2, 2], rng), oneHotTargets(3, 2, rng));
  assert.equal(calls, 0);
});

test('fit() sets each epoch’s learning rate from learningRateAt before the epoch (a decay schedule)', () => {
  const rng = new Rng(36);
  const x = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]], undefined, 'float32');
  const targets = Tensor.from([[0], [1], [1], [0]], undefined, 'float32');
  const net = multilayerPerceptron({ inputs: 2, hidden: [3], outputs: 1, loss: sigmoidLogLoss, activation: 'tanh', init: 'xavier-uniform', rng, dtype: 'float32' });
  const optimizer = new Adam({ learningRate: 0.1 });
  const seen: number[] = [];
  const step = optimizer.step.bind(optimizer);
  optimizer.step = (parameters) => {
    seen.push(optimizer.learningRate);
    step(parameters);
  };
  fit(net, { features: new DenseFeatures(x.data, 4, 2), targets }, {
    epochs: 3, batchSize: 2, shuffle: false, rng, optimizer, dtype: 'float32', learningRateAt: (epoch) => 0.1 * 0.5 ** (epoch - 1),
  });
  assert.deepEqual(seen, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
});

/** Counts the calls of each Activation layer's own forward (a fused one is never called: its Dense computes it). */
function countActivationForwards(net: Sequential): Map<Layer, number> {
  const calls = new Map<Layer, number>();
  for (const layer of net.layers) {
    if (!(layer instanceof Activation)) continue;
    calls.set(layer, 0);
    const forward = layer.forward.bind(layer);
    layer.forward = (x, options) => {
      calls.set(layer, calls.get(layer)! + 1);
      return forward(x, options);
    };
  }
  return calls;
}

/** Bit-for-bit equality of two float arrays (NaN equal to NaN, +0 distinct from -0). */
function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let bad = -1;
  for (let i = 0; i < expected.length && bad < 0; i++) if (!Object.is(actual[i], expected[i])) bad = i;
  assert.equal(bad, -1, `${what}: [${bad}] = ${actual[bad]}, expected ${expected[bad]}`);
}

/** The portable kernels, and the WebAssembly ones on one and on two threads (products of 130 rows are shared). */
async function everyBackend(): Promise<{ backends: Kernels[]; dispose: () => void }> {
  const one = await loadWasmKernels({ threads: 1 });
  const two = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  return { backends: [jsKernels, one, two], dispose: () => two.dispose() };
}

/** Dense layers followed by sigmoid, relu (fused), tanh and leaky ReLU (not fused), and a convolution + relu. */
function fusableNetworks(rng: Rng): Array<{ name: string; net: Sequential; input: (rows: number) => Tensor; fused: string[] }> {
  const dense = new Sequential(
    [
      new Dense({ inputs: 200, units: 128, rng, init: 'xavier-uniform' }),
      new Activation('sigmoid'),
      new Dense({ inputs: 128, units: 64, rng, init: 'he-normal' }),
      new Activation('relu'),
      new Dense({ inputs: 64, units: 33, rng, init: 'xavier-uniform' }),
      new Activation('tanh'),
      new Dense({ inputs: 33, units: 20, rng, init: 'he-normal' }),
      new Activation('leaky-relu'),
      new Dense({ inputs: 20, units: 10, rng }),
      new Activation('relu'),
      new Dense({ inputs: 10, units: 3, rng }),
    ],
    softmaxCrossEntropyLoss,
  );
  const conv = new Sequential(
    [
      new Conv2D({ inputShape: [6, 5, 2], filters: 4, kernelSize: 3, padding: 'same', rng, init: 'he-normal' }),
      new Activation('relu'),
      new Flatten(),
      new Dense({ inputs: 120, units: 9, rng, init: 'xavier-uniform' }),
      new Activation('sigmoid'),
      new Dense({ inputs: 9, units: 3, rng }),
    ],
    softmaxCrossEntropyLoss,
  );
  const random = (shape: number[]): Tensor => randomTensor(shape, rng, { std: 2 }).astype('float32');
  return [
    { name: 'dense', net: dense, input: (rows) => random([rows, 200]), fused: ['sigmoid', 'relu', 'relu'] },
    { name: 'convolution', net: conv, input: (rows) => random([rows, 6, 5, 2]), fused: ['relu', 'sigmoid'] },
  ];
}

test('forward fuses Dense or Conv2D with a following sigmoid or relu, and gives the bits of the layers run one by one, on every backend', async () => {
  const { backends, dispose } = await everyBackend();
  try {
    for (const kernels of backends) {
      useKernels(kernels);
      for (const { name, net, input, fused } of fusableNetworks(new Rng(40))) {
        const calls = countActivationForwards(net);
        for (const rows of [1, 7, 130]) {
          const what = `${name} on ${kernels.name} (${kernels.threads} thread${kernels.threads > 1 ? 's' : ''}), ${rows} rows`;
          const x = input(rows);
          for (const layer of calls.keys()) calls.set(layer, 0);
          const z = net.forward(x).clone();
          const skipped = [...calls].filter(([, n]) => n === 0).map(([l]) => (l as Activation).name);
          assert.deepEqual(skipped, fused, `${what}: the activations fused into the layer before them`);
          assert.ok([...calls.values()].every((n) => n <= 1));
          const layerByLayer = net.activations(x);
          assert.ok([...calls.values()].every((n) => n >= 1), 'activations() runs every layer by itself');
          sameBits(z.data, layerByLayer.layers.at(-1)!.data, what);
        }
      }
    }
  } finally {
    useKernels(jsKernels);
    dispose();
  }
});

test('lossAndGradient through fused layers gives the loss and gradients of a layer-by-layer pass, bit for bit, on every backend', async () => {
  const { backends, dispose } = await everyBackend();
  try {
    for (const kernels of backends) {
      useKernels(kernels);
      for (const { name, net, input } of fusableNetworks(new Rng(41))) {
        for (const rows of [3, 130]) {
          const what = `${name} on ${kernels.name} (${kernels.threads} threads), ${rows} rows`;
          const x = input(rows);
          const y = oneHotTargets(rows, 3, new Rng(rows)).astype('float32');
          for (const p of net.parameters()) p.grad.data.fill(NaN);
          const loss = net.lossAndGradient(x, y);
          const actual = net.parameters().map((p) => p.grad.data.slice());
          // Each layer's own forward and backward, the output loss in between.
          for (const p of net.parameters()) p.grad.data.fill(NaN);
          let h = x;
          for (const layer of net.layers) h = layer.forward(h, { training: true });
          const gz = Tensor.zeros(h.shape, 'float32');
          const expectedLoss = net.outputLoss.fnAndGrad!(h, y, gz);
          let g = gz;
          for (let i = net.layers.length - 1; i >= 0; i--) g = net.layers[i]!.backward(g);
          assert.equal(loss, expectedLoss, `${what}: loss`);
          net.parameters().forEach((p, i) => sameBits(actual[i]!, p.grad.data, `${what}: ${p.name}`));
        }
      }
    }
  } finally {
    useKernels(jsKernels);
    dispose();
  }
});

test('gradient check in float64: networks with fused sigmoid and relu layers, and with tanh (not fused), match finite differences', () => {
  for (const activation of ['sigmoid', 'relu', 'tanh'] as const) {
    const rng = new Rng(42);
    const net = multilayerPerceptron({
      inputs: 4, hidden: [6, 5], outputs: 3, loss: softmaxCrossEntropyLoss, activation, init: 'he-normal', rng, dtype: 'float64',
    });
    const calls = countActivationForwards(net);
    const x = randomTensor([9, 4], rng);
    const y = oneHotTargets(9, 3, rng);
    const result = checkGradients(net.parameters(), () => net.lossAndGradient(x, y), { epsilon: 1e-5 });
    assert.ok(result.passed && result.maxRelativeError < 1e-6, `${activation}: ${JSON.stringify(result.parameters)}`);
    const fused = activation !== 'tanh';
    assert.ok([...calls.values()].every((n) => (fused ? n === 0 : n > 0)), `${activation}: ${fused ? 'fused' : 'run by itself'}`);
    // The gradients are not all zero (a relu network whose units all died would pass trivially).
    for (const p of net.parameters()) assert.ok(p.grad.data.some((v) => Math.abs(v) > 1e-4), `${activation}: ${p.name} has a gradient`);
  }
});
