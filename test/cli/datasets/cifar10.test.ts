import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadCifar10 } from '../../../src/cli/datasets/cifar10.js';
import { loadDataSpec, loadEvaluationSet } from '../../../src/cli/datasets/loadDataSpec.js';
import { listNamedDatasets } from '../../../src/cli/datasets/list.js';
import { requireTrain, resolveNamedDataset } from '../../../src/cli/datasets/resolve.js';
import { CIFAR10_CLASSES } from '../../../src/data/parsers/cifar.js';
import { META, TEST_BATCH, TRAIN_BATCHES, cifarFiles, cifarRecords, writeCifarFiles } from '../../data/cifarFixtures.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.remove());

const failFetch = (() => {
  throw new Error('network used');
}) as unknown as typeof fetch;
const offline = { fetchImpl: failFetch, systemDirs: [] as string[] };

/** Train batches of 4 records each (20), a test batch of 3. */
const files = cifarFiles(4, 3);
const dir = join(tmp.path, 'flat');
writeCifarFiles(dir, files);

test('loadCifar10 reads the five train batches in order and the test batch, pixels HWC', () => {
  const { train, test: testSet } = loadCifar10(dir);
  assert.equal(train.features.rows, 20);
  assert.equal(testSet.features.rows, 3);
  assert.equal(train.features.cols, 3072);
  assert.deepEqual(train.imageShape, [32, 32, 3]);
  assert.deepEqual(testSet.imageShape, [32, 32, 3]);
  assert.deepEqual(train.classNames, CIFAR10_CLASSES);
  // data_batch_2's labels start at 1 (cyclingLabels(4, 1)); it is rows 4–7
  assert.deepEqual(Array.from(train.targets.subarray(4, 8)), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(testSet.targets), [7, 8, 9]);
  // row 6 = data_batch_2's record 2; its pixel (y 3, x 17), channel blue
  const bytes = files['data_batch_2.bin']!;
  const planar = bytes[2 * 3073 + 1 + 2 * 1024 + 3 * 32 + 17];
  assert.equal(train.features.get(6, (3 * 32 + 17) * 3 + 2), planar);
  assert.ok(train.features instanceof Object && (train.features as { data?: unknown }).data instanceof Uint8Array, 'pixels stay bytes');
});

test('the batches may sit in cifar-10-batches-bin, as the archive unpacks; batches.meta.txt names the classes', () => {
  const root = join(tmp.path, 'nested');
  const names = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  writeCifarFiles(join(root, 'cifar-10-batches-bin'), { ...files, [META]: `${names.join('\n')}\n\n` });
  const { train, test: testSet } = loadCifar10(root);
  assert.equal(train.features.rows, 20);
  assert.deepEqual(testSet.classNames, names);
});

test('a missing batch is an error listing what was expected and where it was looked for', () => {
  const partial = join(tmp.path, 'partial');
  const { ['data_batch_3.bin']: _, ...rest } = files;
  writeCifarFiles(partial, rest);
  assert.throws(() => loadCifar10(partial), {
    name: 'DataError',
    message: `cifar-10: missing data_batch_3.bin in ${partial} (expected data_batch_1.bin … data_batch_5.bin and test_batch.bin; looked in ${partial} and ${join(partial, 'cifar-10-batches-bin')})`,
  });
  const nothing = join(tmp.path, 'nothing');
  assert.throws(() => loadCifar10(nothing), { message: new RegExp(`^cifar-10: missing ${[...TRAIN_BATCHES, TEST_BATCH].join(', ')} in ${nothing} `) });
});

test('a batch of the wrong length, or with a label above 9, is an error naming the file', () => {
  const cut = join(tmp.path, 'cut');
  writeCifarFiles(cut, { ...files, 'data_batch_4.bin': files['data_batch_4.bin']!.subarray(0, 3073 * 2 + 5) });
  assert.throws(() => loadCifar10(cut), {
    name: 'DataError',
    message: `${join(cut, 'data_batch_4.bin')} (byte 6146): 6151 bytes is not a whole number of 3073-byte records (2 and 5 bytes over): truncated or not a CIFAR-10 batch`,
  });
  const label = join(tmp.path, 'label');
  const bad = files[TEST_BATCH]!.slice();
  bad[3073] = 10;
  writeCifarFiles(label, { ...files, [TEST_BATCH]: bad });
  assert.throws(() => loadCifar10(label), { message: `${join(label, TEST_BATCH)} (byte 3073): record 1 has label 10; CIFAR-10 labels are 0–9 (is this CIFAR-100, whose records have two label bytes?)` });
  const meta = join(tmp.path, 'meta');
  writeCifarFiles(meta, { ...files, [META]: 'cat\ndog\n' });
  assert.throws(() => loadCifar10(meta), { message: `${join(meta, META)}: expected 10 class names, one a line, found 2` });
});

test('--data-dir: cifar-10 is read from the folder only; the test batch alone is enough for evaluate', async () => {
  const r = await resolveNamedDataset('cifar-10', { dataDir: dir, ...offline });
  assert.equal(r.train!.features.rows, 20);
  assert.equal(r.test.features.rows, 3);
  assert.equal(r.foundIn, dir);
  assert.equal(r.files[TEST_BATCH], join(dir, TEST_BATCH));

  const testOnly = join(tmp.path, 'test-only');
  writeCifarFiles(testOnly, { [TEST_BATCH]: files[TEST_BATCH]! });
  const t = await resolveNamedDataset('cifar-10', { dataDir: testOnly, need: 'test', ...offline });
  assert.equal(t.test.features.rows, 3);
  const all = await resolveNamedDataset('cifar-10', { dataDir: testOnly, ...offline });
  assert.equal(all.train, undefined);
  assert.deepEqual(all.missing, TRAIN_BATCHES);
  assert.throws(() => requireTrain(all), { message: new RegExp(`^cifar-10: no training split in ${testOnly}: missing data_batch_1\\.bin, .*data_batch_5\\.bin`) });

  await assert.rejects(resolveNamedDataset('cifar-10', { dataDir: join(tmp.path, 'nowhere'), ...offline }), { name: 'DataError', message: /^cifar-10: missing data_batch_1\.bin, .* test_batch\.bin in / });
});

test('the cache: <cache root>/cifar-10, flat or in cifar-10-batches-bin, found before any download', async () => {
  const cacheDir = join(tmp.path, 'cache');
  writeCifarFiles(join(cacheDir, 'cifar-10', 'cifar-10-batches-bin'), files);
  const r = await resolveNamedDataset('cifar-10', { cacheDir, ...offline });
  assert.equal(r.foundIn, join(cacheDir, 'cifar-10', 'cifar-10-batches-bin'));
  assert.equal(r.train!.features.rows, 20);
  assert.deepEqual(r.downloaded, []);

  const empty = join(tmp.path, 'empty-cache');
  await assert.rejects(resolveNamedDataset('cifar-10', { cacheDir: empty, ...offline, allowDownload: false }), {
    message: new RegExp(`^cifar-10 not found \\(looked in ${join(empty, 'cifar-10')}, ${join(empty, 'cifar-10', 'cifar-10-batches-bin')}\\); downloading is turned off\\. Pass --data-dir <folder with data_batch_1\\.bin … data_batch_5\\.bin and test_batch\\.bin>`),
  });
});

test('data list shows cifar-10 with its files, image shape and classes', () => {
  const list = listNamedDatasets({ dataDir: dir });
  const cifar = list.find((d) => d.name === 'cifar-10')!;
  assert.equal(cifar.status, 'complete');
  assert.equal(cifar.foundIn, dir);
  assert.deepEqual(cifar.imageShape, [32, 32, 3]);
  assert.deepEqual(cifar.classNames, CIFAR10_CLASSES);
  assert.deepEqual(cifar.files.map((f) => f.file), [...TRAIN_BATCHES, TEST_BATCH]);
  assert.equal(cifar.files[0]!.bytes, 4 * 3073);
  assert.deepEqual(list.find((d) => d.name === 'mnist')!.imageShape, [28, 28, 1]);

  const testOnly = join(tmp.path, 'list-test-only');
  writeCifarFiles(testOnly, { [TEST_BATCH]: cifarRecords([1]) });
  writeFileSync(join(testOnly, 'unrelated.bin'), 'x');
  assert.equal(listNamedDatasets({ dataDir: testOnly }).find((d) => d.name === 'cifar-10')!.status, 'test only');
  assert.equal(listNamedDatasets({ dataDir: join(tmp.path, 'nowhere') }).find((d) => d.name === 'cifar-10')!.status, 'not found');
});

test('--data …/data_batch_2.bin loads that one batch as CIFAR images (not as a text table), named by the meta file beside it', async () => {
  const { train } = await loadDataSpec(join(dir, 'data_batch_2.bin'));
  assert.equal(train.features.rows, 4);
  assert.deepEqual(train.imageShape, [32, 32, 3]);
  assert.deepEqual(Array.from(train.targets), [1, 2, 3, 4]);
  assert.deepEqual(train.classNames, CIFAR10_CLASSES);
  const named = join(tmp.path, 'single');
  const names = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  writeCifarFiles(named, { [TEST_BATCH]: files[TEST_BATCH]!, [META]: `${names.join('\n')}\n` });
  const testSet = await loadEvaluationSet(join(named, TEST_BATCH));
  assert.equal(testSet.features.rows, 3);
  assert.deepEqual(testSet.classNames, names);
  // A batch cut short is the parser's error, naming the file.
  const cut = join(tmp.path, 'cut');
  writeCifarFiles(cut, { 'data_batch_1.bin': files['data_batch_1.bin']!.subarray(0, 3073 + 100) });
  await assert.rejects(loadDataSpec(join(cut, 'data_batch_1.bin')), (e: Error) => e.name === 'DataError' && e.message.includes(join(cut, 'data_batch_1.bin')));
});
