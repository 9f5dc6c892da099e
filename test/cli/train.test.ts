import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platypus, tempDir } from '../helpers/cli.js';
import { loadBookFile, leastSquares } from '../helpers/bookData.js';
import { available, sharedData } from '../helpers/paths.js';

const book = (name: string): string => sharedData(`book/${name}`);
const skip = available(book('pizza.txt')) ? false : 'the book data is not in ../shared/data/book';

test('train --json: linear on pizza reports parameters near least squares; predict uses the saved file', { skip }, () => {
  const dir = tempDir();
  const model = join(dir, 'pizza.json');
  const r = platypus(['train', '--data', book('pizza.txt'), '--model', 'linear', '--epochs', '20000', '--lr', '0.001', '--init', 'zeros', '--out', model, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = r.json!;
  assert.equal(s.model, 'linear');
  assert.equal(s.epochs, 20000);
  assert.equal(typeof s.trainSeconds, 'number');
  assert.equal(typeof s.train.loss, 'number');
  const { x, y } = loadBookFile('pizza.txt');
  const [w, b] = leastSquares(x, y);
  assert.ok(Math.abs(s.parameters.weights[0] - w!) < 1e-3);
  assert.ok(Math.abs(s.parameters.bias - b!) < 1e-3);
  const p = platypus(['predict', model, '20', '--json']);
  assert.equal(p.code, 0, p.stderr);
  assert.ok(Math.abs(p.json!.predictions[0].prediction - (s.parameters.bias + 20 * s.parameters.weights[0])) < 1e-9);
  const human = platypus(['predict', model, '20']);
  assert.match(human.stdout, /^20 → Pizzas 34\.79/);
});

test('train --json: logistic on police reports accuracy, log loss and parameters', { skip }, () => {
  const r = platypus(['train', '--data', book('police.txt'), '--model', 'logistic', '--epochs', '10000', '--lr', '0.001', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Math.abs(r.json!.train.accuracy - 25 / 30) < 1e-12);
  assert.ok(Math.abs(r.json!.train.loss - 0.3657276479) < 1e-9);
  assert.equal(r.json!.parameters.weights.length, 3);
  assert.equal(r.json!.train.tp + r.json!.train.fn, 15);
});

test('train on a generator with a test split, then evaluate the saved model', () => {
  const dir = tempDir();
  const model = join(dir, 'm.json');
  const r = platypus(['train', '--data', 'blobs', '--model', 'softmax', '--epochs', '200', '--lr', '0.1', '--test-split', '0.25', '--out', model, '--json', '--seed', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.json!.test.accuracy > 0.8, JSON.stringify(r.json));
  const e = platypus(['evaluate', model, '--data', 'blobs', '--seed', '3', '--json']);
  assert.equal(e.code, 0, e.stderr);
  const cm: number[][] = e.json!.confusionMatrix;
  assert.equal(cm.flat().reduce((a, b) => a + b, 0), e.json!.rows);
  assert.equal(e.json!.precision.length, cm.length);
  assert.equal(e.json!.recall.length, cm.length);
  assert.equal(e.json!.f1.length, cm.length);
  const human = platypus(['evaluate', model, '--data', 'blobs', '--seed', '3']);
  assert.match(human.stdout, /confusion matrix \(rows: true class, columns: predicted\)/);
  assert.match(human.stdout, /macro avg/);
});

test('the same seed gives the same JSON parameters', () => {
  const args = ['train', '--data', 'circles', '--model', 'perceptron', '--init', 'random', '--batch-size', '16', '--epochs', '20', '--json', '--seed', '9'];
  const a = platypus(args);
  const b = platypus(args);
  assert.deepEqual(a.json!.parameters, b.json!.parameters);
});

test('evaluate reads class names in the model’s order, whatever order a file lists them in', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'train.txt'), 'a b kind\n1 1 cat\n5 5 dog\n1.2 0.9 cat\n5.1 4.8 dog\n');
  writeFileSync(join(dir, 'eval.txt'), 'a b kind\n5 5 dog\n1 1 cat\n5.2 4.9 dog\n0.8 1.1 cat\n');
  const model = join(dir, 'm.json');
  assert.equal(platypus(['train', '--data', join(dir, 'train.txt'), '--model', 'softmax', '--epochs', '2000', '--lr', '0.1', '--out', model]).code, 0);
  const e = platypus(['evaluate', model, '--data', join(dir, 'eval.txt'), '--json']);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.json!.accuracy, 1);
  const binary = join(dir, 'dog.json');
  assert.equal(platypus(['train', '--data', join(dir, 'train.txt'), '--model', 'logistic', '--positive', 'dog', '--epochs', '2000', '--lr', '0.1', '--out', binary]).code, 0);
  const b = platypus(['evaluate', binary, '--data', join(dir, 'eval.txt'), '--json']);
  assert.equal(b.json!.accuracy, 1);
});
