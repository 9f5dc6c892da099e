import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CIFAR_RECORD, cifarSet, parseCifarBatch } from '../../../src/data/parsers/cifar.js';
import { DataError } from '../../../src/errors.js';

/** Generated records: label k, and pixel p of record k holding (k + p) mod 256. */
function records(labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * CIFAR_RECORD);
  labels.forEach((label, k) => {
    out[k * CIFAR_RECORD] = label;
    for (let p = 0; p < 3072; p++) out[k * CIFAR_RECORD + 1 + p] = (k + p) % 256;
  });
  return out;
}

test('generated CIFAR-10 records parse to labels and channel-planar pixels', () => {
  const batch = parseCifarBatch(records([3, 9, 0]), 'data_batch_1.bin');
  assert.deepEqual(Array.from(batch.labels), [3, 9, 0]);
  assert.equal(batch.pixels.length, 3 * 3072);
  assert.equal(batch.pixels[3072 + 5], (1 + 5) % 256);
  const set = cifarSet([batch, parseCifarBatch(records([7]), 'data_batch_2.bin')], 'cifar-10');
  assert.equal(set.features.rows, 4);
  assert.equal(set.features.cols, 3072);
  assert.deepEqual(Array.from(set.targets), [3, 9, 0, 7]);
  assert.deepEqual(set.imageShape, [32, 32, 3]);
  assert.equal(set.classNames![3], 'cat');
  assert.equal(set.featureNames[1024], 'green_0_0');
  assert.equal(set.features.get(3, 2), 2, 'the fourth record is the second batch’s first');
});

test('bad CIFAR files are refused with the file and byte offset', () => {
  assert.throws(() => parseCifarBatch(new Uint8Array(0), 'empty.bin'), (e: Error) => e instanceof DataError && /empty\.bin: empty file/.test(e.message));
  const truncated = records([1, 2]).subarray(0, CIFAR_RECORD + 100);
  assert.throws(() => parseCifarBatch(truncated, 'cut.bin'), /cut\.bin \(byte 3073\): 3173 bytes is not a whole number of 3073-byte records \(1 and 100 bytes over\)/);
  const bad = records([1, 2]);
  bad[CIFAR_RECORD] = 42;
  assert.throws(() => parseCifarBatch(bad, 'c100.bin'), /c100\.bin \(byte 3073\): record 1 has label 42; CIFAR-10 labels are 0–9/);
  assert.throws(() => cifarSet([], 'none'), /no CIFAR-10 records/);
});
