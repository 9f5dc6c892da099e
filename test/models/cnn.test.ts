import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../src/data/features.js';
import { parseModelFile, serializeModel } from '../../src/io/modelFile.js';
import { NeuralNetwork } from '../../src/models/neuralNetwork.js';
import { parseLayerSpecs } from '../../src/nn/layerSpec.js';
import { Rng } from '../../src/tensor/rng.js';

/** 8×8 one-channel pictures of a vertical (0), horizontal (1) or diagonal (2) bar at a random place, with noise. */
function bars(n: number, seed: number): { x: DenseFeatures; y: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * 64);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    y[i] = label;
    const at = 1 + Math.floor(rng.uniform() * 6);
    for (let p = 0; p < 64; p++) data[i * 64 + p] = rng.normal(0, 0.2);
    for (let t = 0; t < 8; t++) {
      const [r, c] = label === 0 ? [t, at] : label === 1 ? [at, t] : [t, t];
      data[i * 64 + r * 8 + c]! += 1;
    }
  }
  return { x: new DenseFeatures(data, n, 64), y };
}

test('a small CNN learns bar orientations; a saved file predicts exactly the same', () => {
  const train = bars(300, 1);
  const test_ = bars(90, 2);
  const model = new NeuralNetwork({
    layers: parseLayerSpecs('conv:4x3,pool:2,dense:16'), activation: 'relu', init: 'he', optimizer: 'adam',
    learningRate: 0.01, batchSize: 32, epochs: 15, seed: 3, batchNorm: true,
  });
  model.fit(train.x, train.y);
  const predicted = model.predict(test_.x);
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === test_.y[i]) correct++;
  assert.ok(correct / predicted.length >= 0.95, `accuracy ${correct / predicted.length}`);
  assert.deepEqual(model.imageShapeFor(64), [8, 8, 1]);

  const text = serializeModel({ model, targetName: 'bar', imageShape: [8, 8, 1] });
  const loaded = parseModelFile(text, 'cnn.json');
  assert.deepEqual((loaded.model as NeuralNetwork).options.layers, model.options.layers);
  assert.deepEqual(Array.from((loaded.model as NeuralNetwork).predictProba(test_.x).data), Array.from(model.predictProba(test_.x).data));
  assert.equal(serializeModel(loaded), text);
});

test('the same seed gives the same CNN weights', () => {
  const data = bars(60, 4);
  const options = { layers: parseLayerSpecs('conv:3x3,pool:2,dropout:0.2,dense:8'), activation: 'relu' as const, optimizer: 'adam' as const, learningRate: 0.01, batchSize: 16, epochs: 2, seed: 9, dropout: 0.1 };
  const a = new NeuralNetwork(options).fit(data.x, data.y);
  const b = new NeuralNetwork(options).fit(data.x, data.y);
  for (const [name, t] of Object.entries(a.learnedState().tensors)) assert.deepEqual(Array.from(t.data), Array.from(b.learnedState().tensors[name]!.data), name);
});

test('convolutions on rows that are not square images need an imageShape', () => {
  const x = new DenseFeatures(new Float32Array(12 * 10), 10, 12);
  const y = new Float64Array(10).map((_, i) => i % 2);
  assert.throws(() => new NeuralNetwork({ layers: parseLayerSpecs('conv:2x3'), epochs: 1 }).fit(x, y), /rows of 12 values are not square, so give imageShape/);
  const model = new NeuralNetwork({ layers: parseLayerSpecs('conv:2x3,pool:2'), imageShape: [2, 3, 2], epochs: 1 }).fit(x, y);
  assert.equal(model.learnedState().inputs, 12);
});

test('a model file whose layers would need far more weights than it holds is refused before allocating', () => {
  const data = bars(30, 5);
  const model = new NeuralNetwork({ layers: parseLayerSpecs('conv:2x3,dense:4'), epochs: 1 }).fit(data.x, data.y);
  const file = JSON.parse(serializeModel({ model, targetName: 'bar' }));
  file.options.layers = [{ kind: 'conv', filters: 100000, size: 64 }, { kind: 'dense', units: 100000 }];
  assert.throws(() => parseModelFile(JSON.stringify(file), 'big.json'), /big\.json: layers conv:100000x64,dense:100000 need \d+ weights, the file holds only/);
  file.options.layers = [{ kind: 'conv', filters: 2, size: 3, extra: 1 }];
  assert.throws(() => parseModelFile(JSON.stringify(file), 'odd.json'), /odd\.json: invalid model file: options\.layers\.0/);
});

test('learningRateDecay: a decayed run differs from a constant one, is kept in the model file, and resumes exactly', () => {
  const data = bars(90, 6);
  const options = { layers: parseLayerSpecs('conv:2x3,pool:2,dense:8'), activation: 'relu' as const, optimizer: 'adam' as const, learningRate: 0.02, batchSize: 30, epochs: 3, seed: 2 };
  const constant = new NeuralNetwork(options).fit(data.x, data.y);
  const decayed = new NeuralNetwork({ ...options, learningRateDecay: 0.5 }).fit(data.x, data.y);
  const weights = (m: NeuralNetwork) => Array.from(m.learnedState().tensors['0.conv0.weights']!.data);
  assert.notDeepEqual(weights(decayed), weights(constant));
  const loaded = parseModelFile(serializeModel({ model: decayed, targetName: 'bar' }), 'decayed.json').model as NeuralNetwork;
  assert.equal(loaded.options.learningRateDecay, 0.5);
  // Two epochs, a checkpoint, then the third from the checkpoint: the same weights as three in one go.
  const first = new NeuralNetwork({ ...options, learningRateDecay: 0.5, epochs: 2 }).fit(data.x, data.y);
  const resumed = new NeuralNetwork({ ...options, learningRateDecay: 0.5 }).setLearned(first.learnedState());
  resumed.fit(data.x, data.y, { resume: first.trainingState()! });
  assert.deepEqual(weights(resumed), weights(decayed));
  assert.throws(() => new NeuralNetwork({ learningRateDecay: 1.5 }), /learningRateDecay must be in \(0, 1\]/);
});
