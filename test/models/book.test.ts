import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LinearRegression } from '../../src/models/linearRegression.js';
import { LogisticRegression } from '../../src/models/logisticRegression.js';
import { Perceptron } from '../../src/models/perceptron.js';
import { loadBookFile, leastSquares } from '../helpers/bookData.js';
import { available, sharedData } from '../helpers/paths.js';

const skip = available(sharedData('book/pizza.txt')) ? false : 'the book data is not in ../shared/data/book';

test('pizza: 20000 epochs at lr 0.001 from zeros land within 1e-3 of least squares', { skip }, () => {
  const { x, y } = loadBookFile('pizza.txt');
  const model = new LinearRegression({ epochs: 20000, learningRate: 0.001, dtype: 'float64' }).fit(x, y);
  const [w, b] = leastSquares(x, y);
  assert.ok(Math.abs(model.learned.weights.data[0]! - w!) < 1e-3);
  assert.ok(Math.abs(model.learned.bias.data[0]! - b!) < 1e-3);
  // The book's printed result after 20000 iterations: w=1.081, b=13.172.
  assert.equal(model.learned.weights.data[0]!.toFixed(3), '1.081');
  assert.equal(model.learned.bias.data[0]!.toFixed(3), '13.172');
});

test('pizza_3_vars: 100000 epochs at lr 0.001 land within 1e-2 of least squares', { skip }, () => {
  const { x, y } = loadBookFile('pizza_3_vars.txt');
  const model = new LinearRegression({ epochs: 100000, learningRate: 0.001, dtype: 'float64' }).fit(x, y);
  const expected = leastSquares(x, y);
  const got = [...model.learned.weights.data, model.learned.bias.data[0]!];
  got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-2, `parameter ${i}: ${v} vs ${expected[i]}`));
});

test('police: logistic regression matches a NumPy run of the book code', { skip }, () => {
  // NumPy, float64, X with a bias column, w -= 0.001·Xᵀ(σ(Xw) − Y)/N for 10000 iterations from zeros:
  // w = [-0.37450392 (bias), 0.51754011, -0.35263466, 0.25625742], final loss 0.3657276479, accuracy 0.8333.
  const { x, y } = loadBookFile('police.txt');
  const model = new LogisticRegression({ epochs: 10000, learningRate: 0.001, dtype: 'float64' }).fit(x, y);
  const expected = [0.51754011, -0.35263466, 0.25625742];
  expected.forEach((v, i) => assert.ok(Math.abs(model.learned.weights.data[i]! - v) < 1e-7));
  assert.ok(Math.abs(model.learned.bias.data[0]! - -0.37450392) < 1e-7);
  const p = model.predictProbability(x);
  let loss = 0;
  p.forEach((pi, i) => (loss -= y[i] ? Math.log(pi) : Math.log(1 - pi)));
  assert.ok(Math.abs(loss / y.length - 0.3657276479) < 1e-9);
  const labels = model.predict(x);
  assert.equal(labels.filter((l, i) => l === y[i]).length / y.length, 25 / 30);
});

test('the perceptron separates linearly_separable but not circles', { skip }, () => {
  const sep = loadBookFile('linearly_separable.txt');
  const a = new Perceptron({ epochs: 500, learningRate: 0.1, dtype: 'float64' }).fit(sep.x, sep.y);
  const accA = a.predict(sep.x).filter((l, i) => l === sep.y[i]).length / sep.y.length;
  assert.ok(accA >= 0.99, `linearly separable accuracy ${accA}`);
  const circ = loadBookFile('circles.txt');
  const b = new Perceptron({ epochs: 500, learningRate: 0.1, dtype: 'float64' }).fit(circ.x, circ.y);
  const accB = b.predict(circ.x).filter((l, i) => l === circ.y[i]).length / circ.y.length;
  assert.ok(accB < 0.8, `circles accuracy ${accB}`);
});
