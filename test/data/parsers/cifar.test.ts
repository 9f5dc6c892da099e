import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CIFAR10_CLASSES, CIFAR_RECORD, cifarSet, parseCifarBatch, parseCifarClassNames } from '../../../src/data/parsers/cifar.js';
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

test('generated CIFAR-10 records parse to labels and HWC pixels', () => {
  const batch = parseCifarBatch(records([3, 9, 0]), 'data_batch_1.bin');
  assert.deepEqual(Array.from(batch.labels), [3, 9, 0]);
  assert.equal(batch.pixels.length, 3 * 3072);
  // record 1, pixel (0, 1) of the green plane (planar index 1024 + 1) sits at HWC index (0·32 + 1)·3 + 1
  assert.equal(batch.pixels[3072 + 4], (1 + 1024 + 1) % 256);
  const set = cifarSet([batch, parseCifarBatch(records([7]), 'data_batch_2.bin')], 'cifar-10');
  assert.equal(set.features.rows, 4);
  assert.equal(set.features.cols, 3072);
  assert.deepEqual(Array.from(set.targets), [3, 9, 0, 7]);
  assert.deepEqual(set.imageShape, [32, 32, 3]);
  assert.equal(set.classNames![3], 'cat');
  assert.deepEqual(set.featureNames.slice(0, 4), ['red_0_0', 'green_0_0', 'blue_0_0', 'red_0_1']);
  assert.equal(set.featureNames[3071], 'blue_31_31');
  assert.equal(set.features.get(3, 2), 2048 % 256, 'the fourth record is the second batch’s first; column 2 is its blue (0, 0)');
});

test('every channel of every pixel lands at (y·32 + x)·3 + c', () => {
  const bytes = new Uint8Array(2 * CIFAR_RECORD);
  const marks = [
    { r: 0, y: 0, x: 0, c: 0 },
    { r: 0, y: 5, x: 7, c: 1 },
    { r: 0, y: 31, x: 31, c: 2 },
    { r: 1, y: 12, x: 3, c: 2 },
    { r: 1, y: 30, x: 1, c: 0 },
  ];
  marks.forEach((m, i) => (bytes[m.r * CIFAR_RECORD + 1 + m.c * 1024 + m.y * 32 + m.x] = 100 + i));
  const { pixels } = parseCifarBatch(bytes, 'marks.bin');
  marks.forEach((m, i) => assert.equal(pixels[m.r * 3072 + (m.y * 32 + m.x) * 3 + m.c], 100 + i, JSON.stringify(m)));
  assert.equal(pixels.reduce((n, v) => n + (v > 0 ? 1 : 0), 0), marks.length, 'nothing else is set');
  const set = cifarSet([parseCifarBatch(bytes, 'marks.bin')], 'marks.bin');
  assert.equal(set.features.get(0, (5 * 32 + 7) * 3 + 1), 101);
  assert.equal(set.featureNames[(5 * 32 + 7) * 3 + 1], 'green_5_7');
});

test('class names from batches.meta.txt', () => {
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const names = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  assert.deepEqual(parseCifarClassNames(text(`${names.join('\n')}\n\n`), 'm.txt'), names);
  assert.deepEqual(parseCifarClassNames(text(` ${names.join(' \r\n ')}`), 'm.txt'), names);
  assert.throws(() => parseCifarClassNames(text('a\nb\n'), 'm.txt'), { name: 'DataError', message: 'm.txt: expected 10 class names, one a line, found 2' });
  assert.throws(() => parseCifarClassNames(text([...names.slice(0, 9), 'cat'].join('\n')), 'm.txt'), { message: 'm.txt:10: class name "cat" appears twice' });
  assert.throws(() => parseCifarClassNames(Uint8Array.of(0x61, 0xff), 'm.txt'), { name: 'DataError', message: /m\.txt:1: not valid UTF-8/ });
  const set = cifarSet([parseCifarBatch(records([1]), 'b.bin')], 'b.bin', { classNames: names });
  assert.equal(set.classNames![0], 'plane');
  assert.deepEqual(cifarSet([parseCifarBatch(records([1]), 'b.bin')], 'b.bin').classNames, CIFAR10_CLASSES);
  assert.throws(() => cifarSet([parseCifarBatch(records([1]), 'b.bin')], 'b.bin', { classNames: ['a'] }), /CIFAR-10 has 10 classes, 1 class names were given/);
  assert.throws(() => cifarSet([{ labels: new Uint8Array(2), pixels: new Uint8Array(3072) }], 'b.bin'), /a batch of 2 labels holds 3072 pixel bytes, not 6144/);
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
