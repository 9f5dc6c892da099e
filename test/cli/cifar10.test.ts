import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { platypus, tempDir } from '../helpers/cli.js';
import { cifarFiles, writeCifarFiles } from '../data/cifarFixtures.js';

const root = tempDir();
after(() => rmSync(root, { recursive: true, force: true }));
/** 50 records per train batch (250), 30 test records. */
const dir = join(root, 'cifar');
writeCifarFiles(join(dir, 'cifar-10-batches-bin'), cifarFiles(50, 30));
/** No download can happen: the cache is empty and --data-dir is given anyway. */
const env = { XDG_CACHE_HOME: join(root, 'cache') };

test('train --data cifar-10 --data-dir on generated batches, then evaluate the model on the test batch', () => {
  const model = join(root, 'cifar.json');
  const r = platypus(['train', '--data', 'cifar-10', '--data-dir', dir, '--model', 'softmax', '--epochs', '1', '--out', model, '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.data, 'cifar-10');
  assert.equal(r.json!.train.rows, 250);
  assert.equal(r.json!.test.rows, 30);
  assert.equal(r.json!.history.length, 1);
  assert.ok(Number.isFinite(r.json!.test.loss));

  const e = platypus(['evaluate', model, '--data', 'cifar-10', '--data-dir', dir, '--json'], { env });
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.json!.confusionMatrix.length, 10);
  assert.equal(e.json!.support.reduce((a: number, b: number) => a + b, 0), 30);
});

test('a CNN trains on colour images (32×32×3 rows): three input channels, feature maps in the report', () => {
  const report = join(root, 'cnn-report');
  const r = platypus(['train', '--data', 'cifar-10', '--data-dir', dir, '--model', 'conv:4x3,pool:2,conv:8x3:s2,dense:16', '--epochs', '1', '--report', report, '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.model, 'conv:4x3,pool:2,conv:8x3:s2,dense:16');
  assert.ok(Number.isFinite(r.json!.test.loss));
  assert.match(readFileSync(join(report, 'index.html'), 'utf8'), /What the convolutions see/);
});

test('--report draws the misclassified test images in colour', () => {
  const report = join(root, 'report');
  const r = platypus(['train', '--data', 'cifar-10', '--data-dir', dir, '--model', 'softmax', '--epochs', '1', '--report', report], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(report, 'index.html'), 'utf8'), /Misclassified examples/);
  assert.ok(existsSync(join(report, 'misclassified-1.png')));
});

test('data list --data-dir shows cifar-10 with its folder, image shape and classes', () => {
  const r = platypus(['data', 'list', '--data-dir', dir, '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  const cifar = r.json!.datasets.find((d: { name: string }) => d.name === 'cifar-10');
  assert.equal(cifar.status, 'complete');
  assert.equal(cifar.foundIn, join(dir, 'cifar-10-batches-bin'));
  assert.deepEqual(cifar.imageShape, [32, 32, 3]);
  assert.equal(cifar.classNames[9], 'truck');
  const text = platypus(['data', 'list', '--data-dir', dir], { env });
  assert.match(text.stdout, /^cifar-10 +complete +\S+cifar-10-batches-bin \(0\.9 MB\) \[32×32×3, 10 classes\]$/m);
});

test('a missing batch exits 2 with one line naming it and where it was looked for', () => {
  const partial = join(root, 'partial');
  writeCifarFiles(partial, cifarFiles(2, 2));
  unlinkSync(join(partial, 'data_batch_5.bin'));
  const r = platypus(['train', '--data', 'cifar-10', '--data-dir', partial, '--model', 'softmax', '--epochs', '1'], { env });
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    `platypus: error: cifar-10: missing data_batch_5.bin in ${partial} (expected data_batch_1.bin … data_batch_5.bin and test_batch.bin; looked in ${partial} and ${join(partial, 'cifar-10-batches-bin')})`,
  );
});
