/** Model files: regressions found by fuzzing (test/fuzz/targets/modelFile.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { encodeBase64 } from '../../src/io/base64.js';
import { parseModelFile, serializeModel } from '../../src/io/modelFile.js';
import { LinearRegression } from '../../src/models/linearRegression.js';
import { NeuralNetwork } from '../../src/models/neuralNetwork.js';
import { SoftmaxClassifier } from '../../src/models/softmaxClassifier.js';
import { Tensor } from '../../src/tensor/tensor.js';

const source = 'm.json';

function linearFile(): Record<string, any> {
  const model = new LinearRegression({ dtype: 'float64' }).setLearned({ weights: new Tensor([2, 1], Float64Array.from([1, 2])), bias: new Tensor([1], Float64Array.from([3])) });
  return JSON.parse(serializeModel({ model, targetName: 'y', featureNames: ['a', 'b'] }));
}

function refused(file: unknown, pattern: RegExp): void {
  assert.throws(() => parseModelFile(JSON.stringify(file), source), (e: unknown) => e instanceof ModelError && e.message.startsWith(`${source}: `) && pattern.test(e.message));
}

test('a valid file loads', () => {
  const saved = parseModelFile(JSON.stringify(linearFile()), source);
  assert.deepEqual(Array.from(saved.model.decisionFunction(new Tensor([1, 2], Float64Array.from([1, 1]))).data), [6]);
});

test('regression (fuzz): an image shape that does not fit the inputs is refused', () => {
  // Before: a 2-input model loaded with imageShape [4294967296, 2, 2].
  const file = linearFile();
  file.inputs.imageShape = [4294967296, 2, 2];
  refused(file, /image shape 4294967296×2×2 does not fit 2 inputs/);
});

test('regression (fuzz): float64 weights beyond float32 in a float32 model are refused, not made Infinity', () => {
  // Before: astype('float32') turned 1e300 into Infinity and the model loaded.
  const file = linearFile();
  file.options.dtype = 'float32';
  file.tensors.weights.data = encodeBase64(new Uint8Array(Float64Array.from([1e300, 2]).buffer));
  refused(file, /weights: value 0 \(1e\+300\) does not fit float32/);
});

test('regression (fuzz): outputs that do not fit the kind are refused', () => {
  // Before: a linear model with 0 (or 3) outputs loaded, and predict returned nothing (or three values per row).
  for (const outputs of [0, 3]) {
    const file = linearFile();
    file.tensors.weights = { shape: [2, outputs], dtype: 'float64', data: encodeBase64(new Uint8Array(8 * 2 * outputs)) };
    file.tensors.bias = { shape: [outputs], dtype: 'float64', data: encodeBase64(new Uint8Array(8 * outputs)) };
    refused(file, new RegExp(`a linear model has one output, but its weights have ${outputs}`));
  }
  const softmax = new SoftmaxClassifier({ dtype: 'float64' }).setLearned({ weights: new Tensor([2, 1], new Float64Array(2)), bias: new Tensor([1], new Float64Array(1)) });
  refused(JSON.parse(serializeModel({ model: softmax, targetName: 'y' })), /a softmax model has at least 2 outputs, but its weights have 1/);
});

test('regression (fuzz): a standardizer std too small to divide by is refused', () => {
  const file = linearFile();
  file.standardizer = {
    mean: { shape: [2], dtype: 'float64', data: encodeBase64(new Uint8Array(16)) },
    std: { shape: [2], dtype: 'float64', data: encodeBase64(new Uint8Array(Float64Array.from([1, 5e-324]).buffer)) },
  };
  refused(file, /standardizer has a std ≤ 0 or too small to divide by/);
});

test('regression (fuzz): a network file claiming huge layers is refused before they are allocated', () => {
  // Before: hidden [20000, 20000] in a file holding 17 weights built the network first: 1.6 GB.
  const x = new Tensor([4, 2], Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]));
  const model = new NeuralNetwork({ hidden: [3], epochs: 1, batchSize: 'all' }).fit(x, [0, 1, 1, 0]);
  const file = JSON.parse(serializeModel({ model, targetName: 'y' }));
  file.options.hidden = [20_000, 20_000];
  const before = process.memoryUsage().arrayBuffers;
  refused(file, /layer sizes 2→20000→20000→2 need 400120002 weights, the file holds only 17/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
});
