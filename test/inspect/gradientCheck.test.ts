import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGradients } from '../../src/inspect/gradientCheck.js';
import type { LinearModel } from '../../src/models/linearModel.js';
import { LinearRegression } from '../../src/models/linearRegression.js';
import { LogisticRegression } from '../../src/models/logisticRegression.js';
import { Perceptron } from '../../src/models/perceptron.js';
import { SoftmaxClassifier } from '../../src/models/softmaxClassifier.js';
import { column } from '../../src/models/targets.js';
import { oneHot } from '../../src/data/oneHot.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

function randomInputs(rows: number, cols: number, rng: Rng): Tensor {
  const x = Tensor.zeros([rows, cols], 'float64');
  for (let i = 0; i < x.size; i++) x.data[i] = rng.normal();
  return x;
}

/** Fits one epoch to create the parameters, then randomizes them so no gradient is trivially 0. */
function prepared(model: LinearModel, x: Tensor, labels: number[], rng: Rng): void {
  model.fit(x, labels);
  for (const p of model.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.normal(0, 0.5);
}

const cases: { name: string; make: () => LinearModel; labels: (rng: Rng) => number; encode: (y: number[]) => Tensor }[] = [
  { name: 'linear regression (mean squared error)', make: () => new LinearRegression({ epochs: 1, dtype: 'float64' }), labels: (r) => r.normal(0, 3), encode: (y) => column(y, 'float64') },
  { name: 'logistic regression (log loss)', make: () => new LogisticRegression({ epochs: 1, dtype: 'float64' }), labels: (r) => r.int(2), encode: (y) => column(y, 'float64') },
  { name: 'softmax classifier (fused softmax + cross-entropy)', make: () => new SoftmaxClassifier({ epochs: 1, dtype: 'float64' }), labels: (r) => r.int(4), encode: (y) => oneHot(y, 4, { dtype: 'float64' }) },
  { name: 'perceptron criterion', make: () => new Perceptron({ epochs: 1, dtype: 'float64' }), labels: (r) => r.int(2), encode: (y) => column(y, 'float64') },
];

for (const c of cases) {
  test(`gradient check: ${c.name} agrees with finite differences to < 1e-6`, () => {
    const rng = new Rng(2024);
    const x = randomInputs(12, 5, rng);
    const labels = Array.from({ length: 12 }, () => c.labels(rng));
    labels[0] = c.name.startsWith('softmax') ? 3 : labels[0]!;
    const model = c.make();
    prepared(model, x, labels, rng);
    const y = c.encode(labels);
    const result = checkGradients(model.parameters(), () => model.lossAndGradient(x, y));
    assert.ok(result.passed, JSON.stringify(result.parameters));
    assert.ok(result.maxRelativeError < 1e-6);
    assert.deepEqual(result.parameters.map((p) => p.name), ['weights', 'bias']);
  });
}

test('gradient check catches a wrong gradient', () => {
  const rng = new Rng(1);
  const x = randomInputs(6, 2, rng);
  const labels = [0, 1, 1, 0, 1, 0];
  const model = new LogisticRegression({ epochs: 1, dtype: 'float64' });
  prepared(model, x, labels, rng);
  const y = column(labels, 'float64');
  const result = checkGradients(model.parameters(), () => {
    const loss = model.lossAndGradient(x, y);
    model.parameters()[0]!.grad.data[1]! *= 1.01; // a 1% error in one element
    return loss;
  });
  assert.equal(result.passed, false);
  assert.equal(result.parameters[0]!.worstIndex, 1);
  assert.ok(result.parameters[0]!.maxRelativeError > 5e-3);
});
