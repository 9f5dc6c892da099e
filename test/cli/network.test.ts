import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { platypus, tempDir } from '../helpers/cli.js';
import { available, sharedData } from '../helpers/paths.js';

const book = (name: string): string => sharedData(`book/${name}`);
const skipBook = available(book('circles.txt')) ? false : 'the book data is not in ../shared/data/book';

for (const name of ['circles.txt', 'non_linearly_separable.txt']) {
  test(`10 sigmoid hidden nodes separate ${name} (≥ 95% train accuracy) where the linear models cannot`, { skip: skipBook }, () => {
    const mlp = platypus(['train', '--data', book(name), '--model', 'mlp:10', '--json']);
    assert.equal(mlp.code, 0, mlp.stderr);
    assert.ok(mlp.json!.train.accuracy >= 0.95, `mlp ${mlp.json!.train.accuracy}`);
    for (const linear of ['logistic', 'perceptron']) {
      const r = platypus(['train', '--data', book(name), '--model', linear, '--json']);
      assert.ok(r.json!.train.accuracy < 0.8, `${linear} ${r.json!.train.accuracy}`);
    }
  });
}

test('a saved network predicts exactly what the trained one did; --json carries the history', () => {
  const dir = tempDir();
  const model = join(dir, 'net.json');
  const args = ['train', '--data', 'spiral', '--model', 'mlp:16,8', '--activation', 'tanh', '--optimizer', 'adam', '--epochs', '50', '--batch-size', '32', '--batch-norm', '--dropout', '0.1', '--validation-split', '0.2', '--seed', '4', '--json'];
  const r = platypus([...args, '--out', model]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.history.length, 50);
  assert.ok('validationLoss' in r.json!.history[0]);
  assert.equal(typeof r.json!.validation.accuracy, 'number');
  const again = platypus(args);
  assert.deepEqual(again.json!.train, r.json!.train, 'same seed, same run');
  const e = platypus(['evaluate', model, '--data', 'spiral', '--seed', '4', '--json']);
  assert.equal(e.code, 0, e.stderr);
  const p1 = platypus(['predict', model, '--json', '--', '0.1,0.2', '-0.5,0.3']);
  const p2 = platypus(['predict', model, '--json', '--', '0.1,0.2', '-0.5,0.3']);
  assert.deepEqual(p1.json!.predictions, p2.json!.predictions);
  assert.equal(p1.json!.predictions[0].probabilities.length, 2);
});

test('a corrupt network file is refused with a clear error', () => {
  const dir = tempDir();
  const model = join(dir, 'net.json');
  assert.equal(platypus(['train', '--data', 'xor', '--model', 'mlp:4', '--epochs', '5', '--out', model]).code, 0);
  const text = readFileSync(model, 'utf8');
  const json = JSON.parse(text);
  delete json.tensors['0.dense0.bias'];
  writeFileSync(join(dir, 'missing.json'), JSON.stringify(json));
  const r = platypus(['predict', join(dir, 'missing.json'), '0,0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing\.json: (network state: tensor 0\.dense0\.bias is missing|layer sizes 2→4→2 need 22 weights, the file holds 18)/);
  json.options.hidden = [5];
  writeFileSync(join(dir, 'shape.json'), JSON.stringify({ ...JSON.parse(text), options: { ...JSON.parse(text).options, hidden: [5] } }));
  const s = platypus(['predict', join(dir, 'shape.json'), '0,0']);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /shape\.json: (.*has shape \[2,4\], the network needs \[2,5\]|layer sizes 2→5→2 need 27 weights, the file holds 22)/);
});

const skipMnist = available(sharedData('mnist/t10k-images-idx3-ubyte.gz')) && available(book('weights.json')) ? false : 'no MNIST test files or weights.json';

test("the book's weights.json on the MNIST test set: 43.19%, as NumPy computes it", { skip: skipMnist }, () => {
  // NumPy: h = σ([1, X]·w1), ŷ = softmax([1, h]·w2) on raw pixels → accuracy 0.4319.
  const r = platypus(['evaluate', book('weights.json'), '--format', 'book', '--data', 'mnist', '--data-dir', sharedData('mnist'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.rows, 10000);
  assert.equal(r.json!.accuracy, 0.4319);
  assert.equal(r.json!.confusionMatrix.length, 10);
  const human = platypus(['evaluate', book('weights.json'), '--format', 'book', '--data', 'mnist', '--data-dir', sharedData('mnist')]);
  assert.match(human.stdout, /accuracy 43\.19%/);
  assert.match(human.stdout, /weighted avg/);
  const bad = join(tempDir(), 'w.json');
  writeFileSync(bad, '[[[1,2]],[[1],[2],[3]]]');
  const b = platypus(['evaluate', bad, '--format', 'book', '--data', 'mnist', '--data-dir', sharedData('mnist')]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /w2 has 3 rows; after a hidden layer of 2 nodes it needs 3|needs at least one input/);
});

test('echidna: a deep sigmoid network overfits, and the history shows it', { skip: skipBook }, () => {
  const base = ['train', '--data', book('echidna.txt'), '--model', 'mlp:100,30', '--optimizer', 'adam', '--lr', '0.01', '--epochs', '2000', '--test-split', '0.33', '--validation-split', '0.5', '--standardize'];
  const plain = platypus([...base, '--json']);
  assert.equal(plain.code, 0, plain.stderr);
  const h = plain.json!.history as { validationLoss: number; loss: number }[];
  const best = Math.min(...h.map((r) => r.validationLoss));
  assert.ok(h.at(-1)!.validationLoss > best * 1.05, 'validation loss rises after its minimum');
  assert.ok(plain.json!.train.accuracy > plain.json!.validation.accuracy, 'train beats validation');
  const human = platypus(base);
  assert.match(human.stdout, /history:\n\s+epoch\s+loss\s+accuracy\s+val loss\s+val accuracy/);
});
