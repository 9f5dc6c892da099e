/** The exported graph's structure: versions, inputs and outputs, which nodes each layer becomes, and refusals. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError } from '../../../src/errors.js';
import { ONNX_IR_VERSION, ONNX_OPSET, exportOnnx } from '../../../src/io/onnx/exportOnnx.js';
import { decodeOnnxModel } from '../../../src/io/onnx/proto.js';
import { LogisticRegression } from '../../../src/models/logisticRegression.js';
import { NeuralNetwork } from '../../../src/models/neuralNetwork.js';
import { SoftmaxClassifier } from '../../../src/models/softmaxClassifier.js';
import { Dense } from '../../../src/nn/dense.js';
import { Dropout } from '../../../src/nn/dropout.js';
import type { Layer } from '../../../src/nn/layer.js';
import { meanSquaredErrorLoss, perceptronLoss, softmaxCrossEntropyLoss } from '../../../src/nn/losses.js';
import { Sequential } from '../../../src/nn/sequential.js';
import { Rng } from '../../../src/tensor/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const x = new Tensor([6, 2], Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1, 2, 1, 1, 2]));
const y = [0, 1, 1, 0, 2, 2];

const ops = (bytes: Uint8Array): string[] => decodeOnnxModel(bytes).graph.node.map((n) => n.opType);

test('the file declares opset 17 of the default domain, IR version 8, and who made it', () => {
  const model = new SoftmaxClassifier({ epochs: 2 }).fit(x, y);
  const decoded = decodeOnnxModel(exportOnnx(model, { producerVersion: '9.9.9', metadata: { classNames: '["a","b","c"]' } }));
  assert.equal(ONNX_OPSET, 17);
  assert.equal(decoded.irVersion, ONNX_IR_VERSION);
  assert.equal(decoded.irVersion, 8);
  assert.deepEqual(decoded.opsetImport.map((o) => [o.domain ?? '', o.version]), [['', 17]]);
  assert.equal(decoded.producerName, 'platypus');
  assert.equal(decoded.producerVersion, '9.9.9');
  assert.deepEqual(decoded.metadataProps, [
    { key: 'platypus.kind', value: 'softmax' },
    { key: 'classNames', value: '["a","b","c"]' },
  ]);
});

test('input: float32 [N, features]; output: probabilities [N, classes]', () => {
  const graph = decodeOnnxModel(exportOnnx(new SoftmaxClassifier({ epochs: 2 }).fit(x, y))).graph;
  assert.equal(graph.input.length, 1);
  assert.equal(graph.input[0]!.name, 'input');
  assert.equal(graph.input[0]!.type.tensorType.elemType, 1);
  assert.deepEqual(graph.input[0]!.type.tensorType.shape.dim, [{ dimParam: 'N' }, { dimValue: 2 }]);
  assert.equal(graph.output[0]!.name, 'probabilities');
  assert.deepEqual(graph.output[0]!.type.tensorType.shape.dim, [{ dimParam: 'N' }, { dimValue: 3 }]);
  assert.deepEqual(graph.node.map((n) => n.opType), ['Gemm', 'Softmax']);
  assert.deepEqual(graph.node.at(-1)!.output, ['probabilities']);
  // Every initializer is read by some node (ONNX Runtime warns about unused ones).
  const read = new Set(graph.node.flatMap((n) => n.input));
  for (const init of graph.initializer) assert.ok(read.has(init.name), `${init.name} is unused`);
});

test('Gemm holds W as [inputs, units] row-major, as Platypus stores it', () => {
  const model = new LogisticRegression({ epochs: 3 }).fit(x, [0, 1, 1, 0, 1, 1]);
  const graph = decodeOnnxModel(exportOnnx(model)).graph;
  const w = graph.initializer.find((i) => i.name === 'linear.weights')!;
  assert.deepEqual(w.dims, [2, 1]);
  const bytes = Uint8Array.from(w.rawData);
  assert.deepEqual(Array.from(new Float32Array(bytes.buffer)), Array.from(model.learned.weights.data));
  assert.deepEqual(graph.node.map((n) => n.opType), ['Gemm', 'Sigmoid']);
});

test('a network: standardization, layers and output activation in order; dropout adds nothing', () => {
  const model = new NeuralNetwork({ hidden: [4], activation: 'leaky-relu', alpha: 0.3, batchNorm: true, dropout: 0.5, standardize: true, epochs: 2 }).fit(x, y);
  const graph = decodeOnnxModel(exportOnnx(model)).graph;
  assert.deepEqual(graph.node.map((n) => n.opType), ['Sub', 'Mul', 'Gemm', 'BatchNormalization', 'LeakyRelu', 'Gemm', 'Softmax']);
  const leaky = graph.node[4]!;
  assert.equal(leaky.attribute[0]!.name, 'alpha');
  assert.ok(Math.abs(leaky.attribute[0]!.f! - 0.3) < 1e-7);
  const softmax = graph.node[6]!;
  assert.deepEqual([softmax.attribute[0]!.name, softmax.attribute[0]!.i], ['axis', 1]);
});

test('a linear output is named output, with no activation after the last Gemm', () => {
  const model = new NeuralNetwork({ hidden: [3], activation: 'relu', output: 'linear', epochs: 2 }).fit(x, [1, 2, 3, 4, 5, 6]);
  const graph = decodeOnnxModel(exportOnnx(model)).graph;
  assert.deepEqual(graph.node.map((n) => n.opType), ['Gemm', 'Relu', 'Gemm']);
  assert.equal(graph.output[0]!.name, 'output');
  assert.deepEqual(graph.node.at(-1)!.output, ['output']);
});

test('dropout first or last in a network adds no node', () => {
  const net = new Sequential([new Dense({ inputs: 2, units: 2, rng: new Rng(0) }), new Dropout({ rate: 0.5, rng: new Rng(0) })], meanSquaredErrorLoss);
  assert.deepEqual(ops(exportOnnx(net)), ['Gemm']);
  const passThrough = new Sequential([new Dropout({ rate: 0.5, rng: new Rng(0) }), new Dense({ inputs: 2, units: 2, rng: new Rng(0) })], meanSquaredErrorLoss);
  assert.deepEqual(ops(exportOnnx(passThrough)), ['Gemm']);
});

test("a network with the perceptron's 0/1 output exports its score as output", () => {
  const net = new Sequential([new Dense({ inputs: 2, units: 1, rng: new Rng(0) })], perceptronLoss);
  const graph = decodeOnnxModel(exportOnnx(net)).graph;
  assert.deepEqual(graph.node.map((n) => n.opType), ['Gemm']);
  assert.equal(graph.output[0]!.name, 'output');
});

/** A layer Platypus does not know how to export. */
const fooLayer: Layer = {
  kind: 'foo',
  forward: (t) => t,
  backward: (g) => g,
  parameters: () => [],
  config: () => ({ kind: 'foo' }),
};

test('a layer with no ONNX mapping is refused, naming its index and kind', () => {
  const rng = new Rng(0);
  const net = new Sequential([new Dense({ inputs: 2, units: 3, rng }), new Dropout({ rate: 0.1, rng }), new Dense({ inputs: 3, units: 3, rng }), fooLayer], softmaxCrossEntropyLoss);
  assert.throws(() => exportOnnx(net), (e: unknown) => e instanceof ModelError && e.message === 'export: layer 3 (foo) has no ONNX mapping');
});

test('an unfitted model is refused with a ModelError', () => {
  assert.throws(() => exportOnnx(new NeuralNetwork()), ModelError);
  assert.throws(() => exportOnnx(new SoftmaxClassifier()), ModelError);
});

test('layer sizes that do not chain are refused', () => {
  const rng = new Rng(0);
  const net = new Sequential([new Dense({ inputs: 2, units: 3, rng }), new Dense({ inputs: 4, units: 1, rng })], meanSquaredErrorLoss);
  assert.throws(() => exportOnnx(net), /export: layer1\.dense takes 4 inputs, gets \[N, 3\]/);
});
