/**
 * Exported models run in ONNX Runtime (onnxruntime-node) give what Platypus computes: for every model kind,
 * 100 rows through both, max |difference| ≤ 1e-5 in float32, and the runtime loads each file without a
 * warning.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../../src/data/features.js';
import { makeGenerated } from '../../../src/data/generators/index.js';
import type { LabeledSet } from '../../../src/data/dataset.js';
import { exportOnnx } from '../../../src/io/onnx/exportOnnx.js';
import { onnxModel } from '../../../src/io/onnx/exportOnnx.js';
import { encodeOnnxModel } from '../../../src/io/onnx/proto.js';
import type { LinearModel } from '../../../src/models/linearModel.js';
import { LinearRegression } from '../../../src/models/linearRegression.js';
import { LogisticRegression } from '../../../src/models/logisticRegression.js';
import { type NeuralNetworkOptions, NeuralNetwork } from '../../../src/models/neuralNetwork.js';
import { Perceptron } from '../../../src/models/perceptron.js';
import { SoftmaxClassifier } from '../../../src/models/softmaxClassifier.js';
import { ActivityRegularization } from '../../../src/nn/activityRegularization.js';
import { Activation } from '../../../src/nn/activation.js';
import { Dense } from '../../../src/nn/dense.js';
import { Flatten } from '../../../src/nn/flatten.js';
import { sigmoidLogLoss } from '../../../src/nn/losses.js';
import { Sequential } from '../../../src/nn/sequential.js';
import { Rng } from '../../../src/tensor/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { runOnnx } from '../../helpers/onnxRuntime.js';

const ROWS = 100;
const TOLERANCE = 1e-5;

/** The first ROWS rows of a set as float32 [rows, features], optionally moved and stretched (x·scale + shift). */
function rows(set: LabeledSet, scale = 1, shift = 0): Tensor {
  const cols = set.features.cols;
  const x = new Float32Array(ROWS * cols);
  for (let i = 0; i < ROWS; i++) for (let j = 0; j < cols; j++) x[i * cols + j] = set.features.get(i, j) * scale + shift * (j + 1);
  return new Tensor([ROWS, cols], x);
}

/** A set whose features are x·scale + shift·(column + 1): far from standardized, for the standardization tests. */
function shifted(set: LabeledSet, scale: number, shift: number): { x: DenseFeatures; y: Float64Array } {
  const cols = set.features.cols;
  const data = new Float64Array(set.features.rows * cols);
  for (let i = 0; i < set.features.rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = set.features.get(i, j) * scale + shift * (j + 1);
  return { x: new DenseFeatures(data, set.features.rows, cols), y: set.targets };
}

/** Runs the exported model on x in ONNX Runtime and returns max |ONNX − expected| over the output `name`. */
function compare(t: { diagnostic(message: string): void }, bytes: Uint8Array, x: Tensor, name: string, expected: ArrayLike<number>): number {
  const run = runOnnx(bytes, x.data as Float32Array, x.shape);
  assert.equal(run.log, '', `ONNX Runtime logged:\n${run.log}`);
  assert.deepEqual(run.inputNames, ['input']);
  assert.deepEqual(run.outputNames, [name]);
  const out = run.outputs[name]!;
  assert.equal(out.dims[0], x.shape[0]);
  assert.equal(out.data.length, expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(out.data[i]! - expected[i]!));
  t.diagnostic(`max |onnx − platypus| = ${max.toExponential(2)}`);
  assert.ok(max <= TOLERANCE, `max difference ${max} > ${TOLERANCE}`);
  return max;
}

const spiral = makeGenerated('spiral', { n: 300, classes: 3 });
const circles = makeGenerated('circles', { n: 200 });
const line = makeGenerated('line', { n: 200 });
const separable = makeGenerated('linear', { n: 200 });
const blobs = makeGenerated('blobs', { n: 300, classes: 3 });

test('linear regression → Gemm → output', (t) => {
  const model = new LinearRegression({ epochs: 50, learningRate: 0.01 }).fit(line.features, line.targets);
  const x = rows(line);
  compare(t, exportOnnx(model), x, 'output', model.decisionFunction(x).data);
});

test('logistic regression → Gemm → Sigmoid → probabilities', (t) => {
  const model = new LogisticRegression({ epochs: 30, learningRate: 0.1 }).fit(separable.features, separable.targets);
  const x = rows(separable);
  compare(t, exportOnnx(model), x, 'probabilities', model.predictProbability(x));
});

test('softmax classifier → Gemm → Softmax → probabilities', (t) => {
  const model = new SoftmaxClassifier({ epochs: 30, learningRate: 0.1 }).fit(blobs.features, blobs.targets);
  const x = rows(blobs);
  compare(t, exportOnnx(model), x, 'probabilities', model.predictProba(x).data);
});

test('perceptron → Gemm → output: the score x·w + b (class 1 where it is > 0)', (t) => {
  const model = new Perceptron({ epochs: 20, learningRate: 0.1 }).fit(separable.features, separable.targets);
  const x = rows(separable);
  compare(t, exportOnnx(model), x, 'output', model.decisionFunction(x).data);
});

test('linear models with standardized inputs (per feature and global) → Sub, Mul first', (t) => {
  const { x: features, y } = shifted(blobs, 20, 100);
  const x = rows(blobs, 20, 100);
  for (const standardize of [true, 'global'] as const) {
    const model: LinearModel = new SoftmaxClassifier({ epochs: 20, learningRate: 0.1, standardize }).fit(features, y);
    compare(t, exportOnnx(model), x, 'probabilities', (model as SoftmaxClassifier).predictProba(x).data);
  }
});

const network = (options: NeuralNetworkOptions, set: LabeledSet): NeuralNetwork =>
  new NeuralNetwork({ hidden: [16, 8], epochs: 15, optimizer: 'adam', learningRate: 0.01, batchSize: 32, ...options }).fit(set.features, set.targets);

for (const activation of ['sigmoid', 'relu', 'tanh', 'leaky-relu'] as const) {
  test(`MLP with ${activation} hidden layers and a softmax output`, (t) => {
    const model = network({ activation, ...(activation === 'leaky-relu' ? { alpha: 0.2 } : {}) }, spiral);
    const x = rows(spiral);
    compare(t, exportOnnx(model), x, 'probabilities', model.predictProba(x).data);
  });
}

test('MLP with a sigmoid output (binary)', (t) => {
  const model = network({ activation: 'relu', output: 'sigmoid' }, circles);
  const x = rows(circles);
  compare(t, exportOnnx(model), x, 'probabilities', model.predictProba(x).data);
});

test('MLP with a linear output (regression) → output', (t) => {
  const model = network({ activation: 'tanh', output: 'linear', learningRate: 0.001 }, line);
  const x = rows(line);
  compare(t, exportOnnx(model), x, 'output', model.decisionFunction(x).data);
});

test('MLP with batch normalization → BatchNormalization on the running statistics', (t) => {
  const model = network({ activation: 'relu', batchNorm: true, epochs: 20 }, spiral);
  const x = rows(spiral);
  compare(t, exportOnnx(model), x, 'probabilities', model.predictProba(x).data);
});

test('MLP with dropout → no nodes for it (the identity at inference)', (t) => {
  const model = network({ activation: 'relu', dropout: 0.3 }, spiral);
  const x = rows(spiral);
  const bytes = exportOnnx(model);
  compare(t, bytes, x, 'probabilities', model.predictProba(x).data);
});

test('MLP with standardized inputs, per feature and global', (t) => {
  const { x: features, y } = shifted(spiral, 30, 50);
  const x = rows(spiral, 30, 50);
  for (const standardize of [true, 'global'] as const) {
    const model = new NeuralNetwork({ hidden: [16], activation: 'tanh', epochs: 10, optimizer: 'adam', standardize, batchNorm: true, dropout: 0.1 }).fit(features, y);
    compare(t, exportOnnx(model), x, 'probabilities', model.predictProba(x).data);
  }
});

test('a hand-built Sequential with Flatten and ActivityRegularization (sigmoid output)', (t) => {
  const rng = new Rng(3);
  const net = new Sequential(
    [new Flatten(), new Dense({ inputs: 2, units: 6, rng }), new ActivityRegularization({ l2: 0.1 }), new Activation('tanh'), new Dense({ inputs: 6, units: 1, rng })],
    sigmoidLogLoss,
  );
  const x = rows(circles);
  compare(t, exportOnnx(net), x, 'probabilities', net.predictProba(x).data);
});

test('a float64 model is exported in float32 and still agrees', (t) => {
  const model = network({ activation: 'tanh', dtype: 'float64' }, spiral);
  const x = rows(spiral);
  compare(t, exportOnnx(model), x, 'probabilities', model.predictProba(new Tensor(x.shape, Float64Array.from(x.data))).data);
});

test('the log check sees a warning: an unused initializer makes ONNX Runtime warn', () => {
  const model = new LinearRegression({ epochs: 1 }).fit(line.features, line.targets);
  const proto = onnxModel(model);
  proto.graph.initializer.push({ name: 'unused', dims: [1], dataType: 1, rawData: new Uint8Array(4) });
  const x = rows(line);
  const run = runOnnx(encodeOnnxModel(proto), x.data as Float32Array, x.shape);
  assert.match(run.log, /unused/);
});
