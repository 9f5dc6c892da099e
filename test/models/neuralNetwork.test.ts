import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError, UsageError } from '../../src/errors.js';
import { NeuralNetwork, type NeuralNetworkOptions } from '../../src/models/neuralNetwork.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { loadBookFile } from '../helpers/bookData.js';
import { available, sharedData } from '../helpers/paths.js';

/** Three features; labels from a nonlinear rule with `classes` classes, or values (classes = 0). */
function problem(classes: number, rows = 60): { x: Tensor; y: number[] } {
  const rng = new Rng(99);
  const x = Tensor.zeros([rows, 3], 'float64');
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 3; j++) x.data[i * 3 + j] = rng.normal();
    const s = x.at(i, 0) * x.at(i, 1) + 0.5 * x.at(i, 2);
    y.push(classes === 0 ? 2 * s + 1 : classes === 2 ? (s > 0 ? 1 : 0) : s < -0.5 ? 0 : s < 0.5 ? 1 : 2);
  }
  return { x, y };
}

const outputs: { output: 'softmax' | 'sigmoid' | 'linear'; classes: number }[] = [
  { output: 'softmax', classes: 3 },
  { output: 'sigmoid', classes: 2 },
  { output: 'linear', classes: 0 },
];

for (const { output, classes } of outputs) {
  const base: NeuralNetworkOptions = { output, hidden: [6], epochs: 5, batchSize: 16, learningRate: 0.05 };

  test(`NeuralNetwork (${output}): fit returns this and records history`, () => {
    const { x, y } = problem(classes);
    const model = new NeuralNetwork(base);
    assert.equal(model.fitted, false);
    assert.equal(model.fit(x, y), model);
    assert.equal(model.fitted, true);
    assert.equal(model.history!.epochs.length, 5);
    assert.equal(model.history!.epochs[0]!.accuracy === undefined, output === 'linear');
    assert.equal(model.predict(x).length, 60);
  });

  test(`NeuralNetwork (${output}): using the model before fit throws a clear error`, () => {
    const model = new NeuralNetwork(base);
    const isUnfitted = (e: Error) => e instanceof ModelError && /call fit\(\) before using the model/.test(e.message);
    assert.throws(() => model.predict(Tensor.zeros([1, 3])), isUnfitted);
    assert.throws(() => model.network, isUnfitted);
  });

  test(`NeuralNetwork (${output}): the same seed gives bit-identical weights, another seed others`, () => {
    const { x, y } = problem(classes);
    const options = { ...base, dropout: 0.2, batchNorm: true, optimizer: 'adam' as const, seed: 1 };
    const weights = (m: NeuralNetwork) => m.network.parameters().map((p) => Array.from(p.value.data));
    const a = new NeuralNetwork(options).fit(x, y);
    const b = new NeuralNetwork(options).fit(x, y);
    const c = new NeuralNetwork({ ...options, seed: 2 }).fit(x, y);
    assert.deepEqual(weights(a), weights(b));
    assert.notDeepEqual(weights(a), weights(c));
  });
}

test('NeuralNetwork: hyperparameters are checked in the constructor, which learns nothing', () => {
  assert.throws(() => new NeuralNetwork({ learningRate: -1 }), /learningRate must be a positive number/);
  assert.throws(() => new NeuralNetwork({ epochs: 1.5 }), /epochs must be a whole number/);
  assert.throws(() => new NeuralNetwork({ batchSize: 0 }), /batchSize must be a whole number/);
  assert.throws(() => new NeuralNetwork({ hidden: [0] }), /hidden sizes must be whole numbers ≥ 1/);
  assert.throws(() => new NeuralNetwork({ dropout: 1 }), /dropout must be in \[0, 1\)/);
  assert.throws(() => new NeuralNetwork({ optimizer: 'adagrad' as never }), /optimizer must be one of/);
  assert.throws(() => new NeuralNetwork({ activation: 'softmax' as never }), /activation must be one of/);
  assert.throws(() => new NeuralNetwork({ init: 'lecun' as never }), /init must be 'xavier', 'he' or one of/);
  assert.throws(() => new NeuralNetwork({ alpha: -0.1 }), /alpha must be a number ≥ 0/);
  const model = new NeuralNetwork({ hidden: [3, 2], optimizer: 'rmsprop' });
  assert.deepEqual(model.options.hidden, [3, 2]);
  assert.equal(model.history, undefined);
});

test('NeuralNetwork: wrong widths and targets are refused', () => {
  const { x, y } = problem(3);
  const model = new NeuralNetwork({ hidden: [4], epochs: 1 }).fit(x, y);
  assert.throws(() => model.predict(Tensor.zeros([2, 4], 'float64')), /takes 3 input columns, got 4/);
  assert.throws(() => model.fit(x, y.slice(1)), /60 input rows but 59 targets/);
  assert.throws(() => new NeuralNetwork({ output: 'sigmoid' }).fit(x, y), /binary classifier needs 0\/1 labels/);
  assert.throws(() => new NeuralNetwork({ output: 'linear', epochs: 1 }).fit(x, y).predictProba(x), UsageError);
});

test('NeuralNetwork: predictProba rows are probabilities; predict picks the most probable class', () => {
  const { x, y } = problem(3);
  const model = new NeuralNetwork({ hidden: [8], epochs: 20, batchSize: 10, learningRate: 0.1, standardize: true }).fit(x, y);
  const p = model.predictProba(x);
  const predicted = model.predict(x);
  assert.deepEqual(p.shape, [60, 3]);
  for (let i = 0; i < 60; i++) {
    const row = [p.at(i, 0), p.at(i, 1), p.at(i, 2)];
    assert.ok(Math.abs(row[0]! + row[1]! + row[2]! - 1) < 1e-6); // float32
    assert.equal(predicted[i], row.indexOf(Math.max(...row)));
  }
  assert.ok(model.standardizer !== undefined);
});

test('NeuralNetwork: validation rows are scored after each epoch', () => {
  const { x, y } = problem(2, 80);
  const train = new Tensor([60, 3], x.data.subarray(0, 180));
  const held = new Tensor([20, 3], x.data.subarray(180));
  const model = new NeuralNetwork({ output: 'sigmoid', hidden: [5], epochs: 3, batchSize: 20 });
  model.fit(train, y.slice(0, 60), { validation: { x: held, y: y.slice(60) } });
  for (const e of model.history!.epochs) {
    assert.ok(Number.isFinite(e.validationLoss));
    assert.ok(e.validationAccuracy! >= 0 && e.validationAccuracy! <= 1);
  }
});

const circles = sharedData('book/circles.txt');

test('NeuralNetwork: 10 sigmoid hidden nodes reach ≥ 95% train accuracy on the book\'s circles', { skip: !available(circles) && 'circles.txt is absent' }, () => {
  const { x, y } = loadBookFile('circles.txt');
  const model = new NeuralNetwork({
    hidden: [10], activation: 'sigmoid', output: 'softmax', init: 'book', optimizer: 'adam', learningRate: 0.05,
    batchSize: 32, epochs: 300, seed: 0, dtype: 'float64', standardize: true,
  }).fit(x, y);
  const predicted = model.predict(x);
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) correct++;
  const accuracy = correct / y.length;
  assert.ok(accuracy >= 0.95, `train accuracy ${accuracy}`);
});
