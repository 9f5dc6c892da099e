import assert from 'node:assert/strict';
import { test } from 'node:test';
import { platypus } from '../helpers/cli.js';
import { FASHION_MNIST_DIR, available } from '../helpers/paths.js';

const skip = available(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`) ? false : 'Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)';

test('softmax on fashion-mnist: standardized inputs reach ≥ 80% test accuracy', { skip, timeout: 300_000 }, () => {
  const r = platypus(['train', '--data', 'fashion-mnist', '--model', 'softmax', '--batch-size', '128', '--epochs', '3', '--lr', '0.05', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.standardized, true);
  assert.equal(r.json!.test.rows, 10000);
  assert.equal(r.json!.train.rows, 60000);
  assert.ok(r.json!.test.accuracy >= 0.8, `test accuracy ${r.json!.test.accuracy}`);
});

test('logistic with --positive on one fashion-mnist class reports precision and recall', { skip, timeout: 300_000 }, () => {
  const r = platypus(['train', '--data', 'fashion-mnist', '--model', 'logistic', '--positive', 'Sneaker', '--batch-size', '128', '--epochs', '1', '--lr', '0.05', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const t = r.json!.test;
  assert.equal(r.json!.positiveClass, 'Sneaker');
  assert.equal(t.tp + t.fn, 1000, 'the test set has 1000 sneakers');
  assert.equal(t.tp + t.fp + t.tn + t.fn, 10000);
  assert.ok(t.precision > 0.8 && t.recall > 0.8, JSON.stringify(t));
});

test("the book's network (784 → 100 sigmoid → 10, batch 256, lr 1, book init, ordered batches) reaches ≥ 84% in 2 epochs", { skip, timeout: 300_000 }, () => {
  const r = platypus(['train', '--data', 'fashion-mnist', '--model', 'mlp:100', '--batch-size', '256', '--lr', '1', '--init', 'book', '--epochs', '2', '--ordered', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.history.length, 2);
  assert.ok(r.json!.test.accuracy >= 0.84, `test accuracy ${r.json!.test.accuracy}`);
});

test('784 → 100 ReLU → 10 with Adam beats scikit-learn’s 87.1%: ≥ 88% test accuracy', { skip, timeout: 600_000 }, () => {
  const r = platypus(['train', '--data', 'fashion-mnist', '--model', 'mlp:100', '--activation', 'relu', '--optimizer', 'adam', '--init', 'he', '--batch-size', '256', '--lr', '0.001', '--epochs', '25', '--seed', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.json!.test.accuracy >= 0.88, `test accuracy ${r.json!.test.accuracy}`);
});
