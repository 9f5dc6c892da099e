import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { listNamedDatasets } from '../../../src/cli/datasets/list.js';
import { fileNameVariants } from '../../../src/cli/datasets/locate.js';
import { requireTrain, resolveNamedDataset } from '../../../src/cli/datasets/resolve.js';
import { DEBIAN_FASHION_MNIST, sharedData } from '../../data/fixtures.js';
import { TEST_NAMES, pick, tempDir, tinyDatasetFiles, writeFiles } from './helpers.js';

const tmp = tempDir();
after(() => tmp.remove());
const files = tinyDatasetFiles();
/** Never called: these tests must not download. */
const noNetwork = (() => {
  throw new Error('network used');
}) as unknown as typeof fetch;
const offline = { allowDownload: false, systemDirs: [], fetchImpl: noNetwork };

describe('resolveNamedDataset from folders', () => {
  test('a data dir with all four gz files', async () => {
    const dir = join(tmp.path, 'full');
    writeFiles(dir, files);
    const r = await resolveNamedDataset('mnist', { ...offline, dataDir: dir });
    assert.equal(r.foundIn, dir);
    assert.equal(r.train!.features.rows, 6);
    assert.equal(r.test.features.rows, 4);
    assert.equal(r.test.features.cols, 6);
    assert.deepEqual(r.test.imageShape, [3, 2, 1]);
    assert.equal(r.test.classNames![3], '3');
    assert.deepEqual(r.missing, []);
    assert.equal(r.files.testImages, join(dir, 't10k-images-idx3-ubyte.gz'));
  });

  test('uncompressed and dotted names are accepted', async () => {
    const { gunzipSync } = await import('fflate');
    const plain = join(tmp.path, 'plain');
    writeFiles(plain, Object.fromEntries(Object.entries(files).map(([n, b]) => [n, gunzipSync(b)])), (n) => n.replace(/\.gz$/, ''));
    assert.equal((await resolveNamedDataset('mnist', { ...offline, dataDir: plain })).train!.features.rows, 6);
    const dotted = join(tmp.path, 'dotted');
    writeFiles(dotted, files, (n) => n.replace('-idx', '.idx'));
    assert.equal((await resolveNamedDataset('mnist', { ...offline, dataDir: dotted })).test.features.rows, 4);
    assert.deepEqual(fileNameVariants('t10k-images-idx3-ubyte.gz'), [
      't10k-images-idx3-ubyte.gz',
      't10k-images-idx3-ubyte',
      't10k-images.idx3-ubyte',
      't10k-images.idx3-ubyte.gz',
    ]);
  });

  test('a data dir with only the test files gives the test split alone', async () => {
    const dir = join(tmp.path, 'testonly');
    writeFiles(dir, pick(files, TEST_NAMES));
    const r = await resolveNamedDataset('mnist', { ...offline, dataDir: dir });
    assert.equal(r.train, undefined);
    assert.equal(r.test.features.rows, 4);
    assert.deepEqual(r.missing, ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
    assert.throws(() => requireTrain(r), {
      name: 'DataError',
      message: new RegExp(`^mnist: no training split in ${dir}: missing train-images-idx3-ubyte\\.gz, train-labels-idx1-ubyte\\.gz`),
    });
  });

  test("need 'test' skips the train files", async () => {
    const dir = join(tmp.path, 'full');
    const r = await resolveNamedDataset('mnist', { ...offline, dataDir: dir, need: 'test' });
    assert.equal(r.train, undefined);
    assert.deepEqual(r.missing, []);
  });

  test('a data dir without the test files is an error naming them', async () => {
    const dir = join(tmp.path, 'empty');
    writeFiles(dir, {});
    await assert.rejects(resolveNamedDataset('mnist', { ...offline, dataDir: dir }), {
      name: 'DataError',
      message: `no mnist test files in ${dir}: t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (gz or not)`,
    });
  });

  test('system dirs come before the cache; nothing anywhere and no downloads is a clear error', async () => {
    const system = join(tmp.path, 'system');
    writeFiles(system, files);
    const cache = join(tmp.path, 'cache1');
    writeFiles(join(cache, 'fashion-mnist'), files);
    const r = await resolveNamedDataset('fashion-mnist', { ...offline, systemDirs: [system], cacheDir: cache });
    assert.equal(r.foundIn, system);
    assert.equal(r.test.classNames![0], 'T-shirt/top');
    const r2 = await resolveNamedDataset('fashion-mnist', { ...offline, cacheDir: cache });
    assert.equal(r2.foundIn, join(cache, 'fashion-mnist'));
    await assert.rejects(resolveNamedDataset('mnist', { ...offline, cacheDir: join(tmp.path, 'nocache') }), {
      name: 'DataError',
      message: /^mnist not found \(looked in .*nocache\/mnist\); downloading is turned off\. Pass --data-dir/,
    });
  });

  test('a complete copy later in the search wins over an earlier test-only one', async () => {
    const system = join(tmp.path, 'sys-testonly');
    writeFiles(system, pick(files, TEST_NAMES));
    const cache = join(tmp.path, 'cache2');
    writeFiles(join(cache, 'mnist'), files);
    const r = await resolveNamedDataset('mnist', { ...offline, systemDirs: [system], cacheDir: cache });
    assert.equal(r.foundIn, join(cache, 'mnist'));
    assert.ok(r.train);
    const testOnly = await resolveNamedDataset('mnist', { ...offline, systemDirs: [system], cacheDir: join(tmp.path, 'nocache') });
    assert.equal(testOnly.foundIn, system);
    assert.equal(testOnly.train, undefined);
    assert.equal(testOnly.downloadError, 'downloading is turned off');
  });

  test('an unknown name is a usage error listing the names', async () => {
    await assert.rejects(resolveNamedDataset('cifar', offline), { name: 'UsageError', message: /unknown dataset "cifar"; named datasets are: mnist, fashion-mnist, cifar-10$/ });
  });

  test('listNamedDatasets reports where each set is', () => {
    const cache = join(tmp.path, 'cache3');
    writeFiles(join(cache, 'mnist'), pick(files, TEST_NAMES));
    const list = listNamedDatasets({ cacheDir: cache, systemDirs: [] });
    assert.deepEqual(list.map((d) => [d.name, d.status]), [
      ['mnist', 'test only'],
      ['fashion-mnist', 'not found'],
      ['cifar-10', 'not found'],
    ]);
    assert.equal(list[0]!.foundIn, join(cache, 'mnist'));
    assert.equal(list[0]!.files[2]!.bytes, files['t10k-images-idx3-ubyte.gz']!.length);
    assert.equal(list[0]!.files[0]!.path, undefined);
    const withDir = listNamedDatasets({ dataDir: join(tmp.path, 'full') });
    assert.deepEqual(withDir.map((d) => d.status), ['complete', 'complete', 'not found'], 'the folder has the MNIST-style files');
  });
});

describe('the real files', () => {
  const mnist = sharedData('mnist');
  test('shared/data/mnist has the test split only', { skip: mnist === undefined ? 'shared/data/mnist absent' : false }, async () => {
    const r = await resolveNamedDataset('mnist', { ...offline, dataDir: mnist! });
    assert.equal(r.train, undefined);
    assert.equal(r.test.features.rows, 10000);
    assert.equal(r.test.features.cols, 784);
    assert.deepEqual(r.test.imageShape, [28, 28, 1]);
    assert.throws(() => requireTrain(r), { message: /missing train-images-idx3-ubyte\.gz, train-labels-idx1-ubyte\.gz/ });
  });

  const debian = existsSync(join(DEBIAN_FASHION_MNIST, 'train-images-idx3-ubyte.gz'));
  test('Fashion-MNIST from the Debian package', { skip: debian ? false : 'fashion-mnist is not installed' }, async () => {
    const r = await resolveNamedDataset('fashion-mnist', { allowDownload: false, fetchImpl: noNetwork, cacheDir: join(tmp.path, 'nocache') });
    assert.equal(r.foundIn, DEBIAN_FASHION_MNIST);
    assert.equal(r.train!.features.rows, 60000);
    assert.equal(r.test.features.rows, 10000);
    assert.equal(r.test.classNames![r.test.targets[0]!], 'Ankle boot');
  });
});
