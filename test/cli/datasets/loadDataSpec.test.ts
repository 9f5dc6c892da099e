import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadDataSpec, loadEvaluationSet, locateSpec } from '../../../src/cli/datasets/loadDataSpec.js';
import { sharedData } from '../../data/fixtures.js';
import { TEST_NAMES, pick, tempDir, tinyDatasetFiles, writeFiles } from './helpers.js';

const tmp = tempDir();
after(() => tmp.remove());
const offline = { allowDownload: false, systemDirs: [] };

test('a text file path', async () => {
  const path = join(tmp.path, 'table.csv');
  writeFileSync(path, 'a,b,kind\n1,2,x\n3,4,y\n');
  const { train, test } = await loadDataSpec(path);
  assert.equal(test, undefined);
  assert.equal(train.source, path);
  assert.deepEqual(train.classNames, ['x', 'y']);
  // With another label column, the class names would be features: refused.
  await assert.rejects(loadDataSpec(path, { label: 'a' }), { name: 'DataError', message: /table\.csv:2: "x" in column "kind" is not a number/ });
  assert.equal((await loadEvaluationSet(path)).features.rows, 2);
});

test('an IDX file path finds its partner', async () => {
  const dir = join(tmp.path, 'idx');
  writeFiles(dir, tinyDatasetFiles());
  const fromImages = await loadDataSpec(join(dir, 'train-images-idx3-ubyte.gz'));
  assert.equal(fromImages.train.features.rows, 6);
  assert.deepEqual(fromImages.train.imageShape, [3, 2, 1]);
  const fromLabels = await loadEvaluationSet(join(dir, 't10k-labels-idx1-ubyte.gz'));
  assert.equal(fromLabels.features.rows, 4);
  assert.equal(fromLabels.source, join(dir, 't10k-images-idx3-ubyte.gz'));

  const lonely = join(tmp.path, 'lonely');
  writeFiles(lonely, pick(tinyDatasetFiles(), ['t10k-images-idx3-ubyte.gz']));
  await assert.rejects(loadDataSpec(join(lonely, 't10k-images-idx3-ubyte.gz')), { name: 'DataError', message: /the matching labels file is missing/ });
});

test('a generator name, seeded', async () => {
  const a = await loadDataSpec('circles', { seed: 5, n: 50 });
  const b = await loadDataSpec('circles', { seed: 5, n: 50 });
  assert.equal(a.train.features.rows, 50);
  assert.deepEqual(a.train.targets, b.train.targets);
  assert.equal(a.train.features.get(7, 1), b.train.features.get(7, 1));
  assert.equal((await loadDataSpec('blobs', { classes: 4 })).train.targets.reduce((m, t) => Math.max(m, t), 0), 3);
  assert.equal((await loadEvaluationSet('xor', { seed: 5, n: 50 })).features.rows, 50);
});

test('a named dataset: training needs the train split, evaluation only the test split', async () => {
  const dir = join(tmp.path, 'mnist-test-only');
  writeFiles(dir, pick(tinyDatasetFiles(), TEST_NAMES));
  await assert.rejects(loadDataSpec('mnist', { ...offline, dataDir: dir }), {
    name: 'DataError',
    message: /^mnist: no training split in .*: missing train-images-idx3-ubyte\.gz, train-labels-idx1-ubyte\.gz/,
  });
  const test = await loadEvaluationSet('mnist', { ...offline, dataDir: dir });
  assert.equal(test.features.rows, 4);
  const full = join(tmp.path, 'mnist-full');
  writeFiles(full, tinyDatasetFiles());
  const both = await loadDataSpec('mnist', { ...offline, dataDir: full });
  assert.equal(both.train.features.rows, 6);
  assert.equal(both.test!.features.rows, 4);
});

test('the shared MNIST folder evaluates', { skip: sharedData('mnist') === undefined ? 'shared/data/mnist absent' : false }, async () => {
  const test = await loadEvaluationSet('mnist', { ...offline, dataDir: sharedData('mnist')! });
  assert.equal(test.features.rows, 10000);
  assert.equal(test.features.cols, 784);
});

test('a bare name in a search folder', async () => {
  const dir = join(tmp.path, 'book');
  mkdirSync(dir);
  writeFileSync(join(dir, 'pizza.txt'), 'Reservations  Pizzas\n13 33\n2 16\n');
  const { train } = await loadDataSpec('pizza', { searchDirs: [dir] });
  assert.equal(train.source, join(dir, 'pizza.txt'));
  assert.equal(train.targetName, 'Pizzas');
  assert.deepEqual(locateSpec('pizza', { searchDirs: [dir] }), { kind: 'file', path: join(dir, 'pizza.txt') });
});

test('the book files by bare name', { skip: sharedData('book') === undefined ? 'shared/data/book absent' : false }, async () => {
  const { train } = await loadDataSpec('police', { searchDirs: [sharedData('book')!] });
  assert.equal(train.features.rows, 30);
  assert.equal(train.targetName, 'Police');
});

test('unknown specs', async () => {
  await assert.rejects(loadDataSpec('moons'), {
    name: 'UsageError',
    message: /^unknown data "moons": expected a file path, a generator \(circles, xor, spiral, gaussians, linear, blobs, line\) or a named dataset \(mnist, fashion-mnist, cifar-10\)$/,
  });
  await assert.rejects(loadDataSpec(join(tmp.path, 'missing.txt')), { name: 'DataError', message: /^no such file: .*missing\.txt$/ });
  await assert.rejects(loadDataSpec('data.csv'), { name: 'DataError', message: 'no such file: data.csv' });
  await assert.rejects(loadDataSpec(tmp.path), { name: 'DataError', message: /is a directory, not a data file/ });
  await assert.rejects(loadDataSpec(''), { name: 'UsageError' });
});

test("an evaluation file's classes can be numbered as a model's, whatever order the file lists them in", async () => {
  // Found while fuzzing: a model trained on cat, dog was scored 0% on a file listing dog first.
  const path = join(tmp.path, 'dogs-first.csv');
  writeFileSync(path, 'a,b,kind\n1,2,dog\n3,4,cat\n5,6,dog\n');
  assert.deepEqual(Array.from((await loadEvaluationSet(path)).targets), [0, 1, 0]);
  const set = await loadEvaluationSet(path, { classNames: ['cat', 'dog', 'bird'] });
  assert.deepEqual(Array.from(set.targets), [1, 0, 1]);
  assert.deepEqual(set.classNames, ['cat', 'dog', 'bird']);
  await assert.rejects(loadEvaluationSet(path, { classNames: ['cat', 'bird'] }), {
    name: 'DataError',
    message: /dogs-first\.csv:2: "dog" in column "kind" is not one of the classes "cat", "bird"/,
  });
});
