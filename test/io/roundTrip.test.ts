import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseModelFile, serializeModel } from '../../src/io/modelFile.js';
import { LinearRegression } from '../../src/models/linearRegression.js';
import { LogisticRegression } from '../../src/models/logisticRegression.js';
import { NeuralNetwork } from '../../src/models/neuralNetwork.js';
import { Perceptron } from '../../src/models/perceptron.js';
import { SoftmaxClassifier } from '../../src/models/softmaxClassifier.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

function data(classes: number): { x: Tensor; y: number[] } {
  const rng = new Rng(5);
  const x = Tensor.zeros([64, 3], 'float32');
  for (let i = 0; i < x.size; i++) x.data[i] = rng.normal(2, 3);
  const y = Array.from({ length: 64 }, (_, i) => (classes === 0 ? x.at(i, 0) * 2 - x.at(i, 1) : Math.min(classes - 1, Math.max(0, Math.floor(x.at(i, 0) / 2 + 1)))));
  return { x, y };
}

const cases = [
  { name: 'linear regression', classes: 0, make: () => new LinearRegression({ epochs: 30, learningRate: 0.001, standardize: true }) },
  { name: 'logistic regression', classes: 2, make: () => new LogisticRegression({ epochs: 30, learningRate: 0.1, standardize: true }) },
  { name: 'softmax classifier', classes: 3, make: () => new SoftmaxClassifier({ epochs: 30, learningRate: 0.1, standardize: true }) },
  { name: 'perceptron', classes: 2, make: () => new Perceptron({ epochs: 30, learningRate: 0.1 }) },
  { name: 'network with batch norm and dropout', classes: 3, make: () => new NeuralNetwork({ hidden: [6, 5], activation: 'relu', batchNorm: true, dropout: 0.2, optimizer: 'adam', learningRate: 0.01, epochs: 10, batchSize: 16, standardize: true }) },
  { name: 'regression network', classes: 0, make: () => new NeuralNetwork({ hidden: [4], output: 'linear', epochs: 10, learningRate: 0.001, batchSize: 8 }) },
];

for (const c of cases) {
  test(`${c.name}: save → load predicts exactly what the trained model did`, () => {
    const { x, y } = data(c.classes);
    const model = c.make().fit(x, y);
    const text = serializeModel({ model, targetName: 'y', featureNames: ['a', 'b', 'c'] });
    const loaded = parseModelFile(text, 'model.json');
    assert.deepEqual(loaded.featureNames, ['a', 'b', 'c']);
    const before = model.decisionFunction(x);
    const after = loaded.model.decisionFunction(x);
    assert.deepEqual(after.shape, before.shape);
    assert.deepEqual(Array.from(after.data), Array.from(before.data));
    // And saving the loaded model again gives the same file.
    assert.equal(serializeModel(loaded), text);
  });
}
