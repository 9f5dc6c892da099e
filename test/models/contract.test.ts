import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { LinearModel } from '../../src/models/linearModel.js';
import { LinearRegression } from '../../src/models/linearRegression.js';
import { LogisticRegression } from '../../src/models/logisticRegression.js';
import { Perceptron } from '../../src/models/perceptron.js';
import { SoftmaxClassifier } from '../../src/models/softmaxClassifier.js';
import type { LinearModelOptions } from '../../src/models/options.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** A small seeded problem every model can fit: three features, labels from a linear rule. */
function problem(classes: number): { x: Tensor; y: number[] } {
  const rng = new Rng(99);
  const x = Tensor.zeros([40, 3], 'float64');
  const y: number[] = [];
  for (let i = 0; i < 40; i++) {
    for (let j = 0; j < 3; j++) x.data[i * 3 + j] = rng.normal();
    const s = x.at(i, 0) + 0.5 * x.at(i, 1);
    y.push(classes === 0 ? s * 3 + 1 : Math.min(classes - 1, Math.floor((s + 1.5) * (classes / 3)) < 0 ? 0 : Math.floor((s + 1.5) * (classes / 3))));
  }
  return { x, y };
}

const models: { name: string; make: (o: LinearModelOptions) => LinearModel; classes: number }[] = [
  { name: 'LinearRegression', make: (o) => new LinearRegression(o), classes: 0 },
  { name: 'LogisticRegression', make: (o) => new LogisticRegression(o), classes: 2 },
  { name: 'SoftmaxClassifier', make: (o) => new SoftmaxClassifier(o), classes: 3 },
  { name: 'Perceptron', make: (o) => new Perceptron(o), classes: 2 },
];

for (const { name, make, classes } of models) {
  test(`${name}: fit returns this`, () => {
    const { x, y } = problem(classes);
    const model = make({ epochs: 5, learningRate: 0.1 });
    assert.equal(model.fit(x, y), model);
    assert.equal(model.fitted, true);
    assert.equal(model.history!.epochs.length, 5);
  });

  test(`${name}: using the model before fit throws a clear error`, () => {
    const model = make({});
    assert.throws(() => model.decisionFunction(Tensor.zeros([1, 3])), (e: Error) => e instanceof ModelError && /call fit\(\) before using the model/.test(e.message));
  });

  test(`${name}: the same seed gives bit-identical weights, another seed others`, () => {
    const { x, y } = problem(classes);
    const options = { epochs: 20, learningRate: 0.05, init: 'random' as const, batchSize: 8 };
    const a = make({ ...options, seed: 1 }).fit(x, y);
    const b = make({ ...options, seed: 1 }).fit(x, y);
    const c = make({ ...options, seed: 2 }).fit(x, y);
    assert.deepEqual(a.learned.weights.data, b.learned.weights.data);
    assert.deepEqual(a.learned.bias.data, b.learned.bias.data);
    assert.notDeepEqual(a.learned.weights.data, c.learned.weights.data);
  });

  test(`${name}: hyperparameters are checked in the constructor`, () => {
    assert.throws(() => make({ learningRate: -1 }), /learningRate must be a positive number/);
    assert.throws(() => make({ epochs: 1.5 }), /epochs must be a whole number/);
    assert.throws(() => make({ batchSize: 0 }), /batchSize must be a whole number/);
  });

  test(`${name}: inputs of the wrong width are refused at prediction`, () => {
    const { x, y } = problem(classes);
    const model = make({ epochs: 1 }).fit(x, y);
    assert.throws(() => model.decisionFunction(Tensor.zeros([2, 4], 'float64')), /takes 3 input columns, got 4/);
    assert.throws(() => model.fit(x, y.slice(1)), /40 input rows but 39 targets/);
  });
}

test('classifiers refuse targets that are not class indices', () => {
  const x = Tensor.zeros([3, 1]);
  assert.throws(() => new LogisticRegression().fit(x, [0, 1, 2]), /target 2 is 2; a binary classifier needs 0\/1 labels/);
  assert.throws(() => new SoftmaxClassifier().fit(x, [0, 1.5, 2]), /target 1.5 of row 1 is not a class index/);
});
