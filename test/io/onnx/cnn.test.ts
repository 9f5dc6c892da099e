/**
 * Convolutional networks exported to ONNX (NHWC rows → Reshape → Transpose → Conv/MaxPool/BatchNormalization on
 * NCHW → Transpose back → Flatten → Gemm) run in ONNX Runtime as they do in Platypus: max |difference| ≤ 1e-5
 * on 100 images for each layout of padding, stride, channels, pooling and batch normalization.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../../src/data/features.js';
import { exportOnnx } from '../../../src/io/onnx/exportOnnx.js';
import { decodeOnnxModel } from '../../../src/io/onnx/proto.js';
import { type NeuralNetworkOptions, NeuralNetwork } from '../../../src/models/neuralNetwork.js';
import type { ImageShape } from '../../../src/nn/convShape.js';
import { parseLayerSpecs } from '../../../src/nn/layerSpec.js';
import { Rng } from '../../../src/tensor/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { runOnnx } from '../../helpers/onnxRuntime.js';

const TOLERANCE = 1e-5;

/**
 * n noisy h×w×c pictures (HWC rows) of a bar per class: vertical (0), horizontal (1), diagonal (2), each channel
 * a different brightness so that the channel order matters.
 */
function bars(n: number, [h, w, c]: ImageShape, seed: number): { x: DenseFeatures; y: Float64Array } {
  const rng = new Rng(seed);
  const size = h * w * c;
  const data = new Float32Array(n * size);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    y[i] = label;
    const at = Math.floor(rng.uniform() * Math.min(h, w));
    for (let p = 0; p < size; p++) data[i * size + p] = rng.normal(0, 0.3);
    for (let t = 0; t < Math.min(h, w); t++) {
      const [r, col] = label === 0 ? [t, at] : label === 1 ? [at, t] : [t, t];
      for (let ch = 0; ch < c; ch++) data[i * size + (r * w + col) * c + ch]! += (ch + 1) / c;
    }
  }
  return { x: new DenseFeatures(data, n, size), y };
}

function check(t: { diagnostic(message: string): void }, layers: string, imageShape: ImageShape, options: NeuralNetworkOptions = {}): string[] {
  const { x: features, y } = bars(150, imageShape, 1);
  const model = new NeuralNetwork({
    layers: parseLayerSpecs(layers), imageShape, activation: 'relu', init: 'he', optimizer: 'adam', learningRate: 0.01,
    batchSize: 32, epochs: 3, seed: 2, ...options,
  }).fit(features, y);
  const test_ = bars(100, imageShape, 7).x;
  const x = new Tensor([100, test_.cols], test_.data as Float32Array);
  const expected = model.predictProba(x).data;
  const bytes = exportOnnx(model);
  const run = runOnnx(bytes, x.data as Float32Array, x.shape);
  assert.equal(run.log, '', `ONNX Runtime logged:\n${run.log}`);
  const got = run.outputs.probabilities!.data;
  assert.equal(got.length, expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(got[i]! - expected[i]!));
  t.diagnostic(`${layers} on ${imageShape.join('×')}: max |onnx − platypus| = ${max.toExponential(2)}`);
  assert.ok(max <= TOLERANCE, `max difference ${max} > ${TOLERANCE}`);
  return decodeOnnxModel(bytes).graph.node.map((n) => n.opType);
}

test("conv 'same' (stride 1), pool, dense: one channel", (t) => {
  const ops = check(t, 'conv:4x3,pool:2,dense:16', [8, 8, 1]);
  assert.deepEqual(ops, ['Reshape', 'Transpose', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Flatten', 'Gemm', 'Relu', 'Gemm', 'Softmax']);
});

test("conv 'valid' on three channels of an odd-sized image", (t) => {
  check(t, 'conv:5x3:valid,pool:2,dense:12', [7, 7, 3]);
});

test("stride 2 with 'same' padding (the extra row and column at the bottom and right)", (t) => {
  check(t, 'conv:4x3:s2,dense:10', [8, 8, 2]);
});

test("an even kernel with 'same' padding (1 before, 2 after) and a stride-2 'valid' convolution", (t) => {
  check(t, 'conv:3x4,conv:4x3:s2:valid', [9, 9, 2]);
});

test('pooling windows that overlap (size 3, stride 2)', (t) => {
  check(t, 'conv:3x3,pool:3:s2,dense:8', [9, 9, 1]);
});

test('batch normalization per channel after convolutions and dense layers, standardized inputs, dropout', (t) => {
  const ops = check(t, 'conv:4x3,pool:2,bn,conv:6x3:s2,dense:16,dropout:0.2', [8, 8, 2], { batchNorm: true, standardize: true, dropout: 0.25 });
  assert.deepEqual(ops.slice(0, 2), ['Sub', 'Mul']);
  assert.equal(ops.filter((op) => op === 'BatchNormalization').length, 4);
  assert.ok(!ops.includes('Dropout'));
});
