import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DataError } from '../../../src/errors.js';
import { imagesAndLabels, parseIdx } from '../../../src/data/parsers/idx.js';
import { arraySource } from '../../../src/data/parsers/byteSource.js';
import { FASHION_MNIST_CLASSES } from '../../../src/data/fashionMnist.js';
import { MNIST_CLASSES } from '../../../src/data/mnist.js';
import { DEBIAN_FASHION_MNIST, gz, makeIdx, sharedData, tinyMnist } from '../fixtures.js';

const source = 'img.idx';

function throwsIdx(bytes: Uint8Array, pattern: RegExp, byteOffset?: number): void {
  assert.throws(
    () => parseIdx(bytes, { source }),
    (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.equal(e.source, source);
      if (byteOffset !== undefined) {
        assert.equal(e.byteOffset, byteOffset);
        assert.ok(e.message.startsWith(`${source} (byte ${byteOffset}): `), e.message);
      }
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('parseIdx', () => {
  test('reads dims and bytes, raw or gzipped', () => {
    const raw = makeIdx([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const bytes of [raw, gz(raw)]) {
      const idx = parseIdx(bytes, { source });
      assert.deepEqual(idx.dims, [2, 2, 3]);
      assert.deepEqual(Array.from(idx.data), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
  });

  test('raw input is viewed, not copied', () => {
    const raw = makeIdx([3], [7, 8, 9]);
    assert.equal(parseIdx(raw, { source }).data.buffer, raw.buffer);
  });

  test('not an IDX file', () => throwsIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), /not an IDX file: magic number 0x504b0304/, 0));
  test('too short for a header', () => throwsIdx(new Uint8Array([0, 0, 8]), /too short for an IDX header: 3 bytes/, 0));
  test('unsupported type code names the type', () => throwsIdx(makeIdx([1], [0, 0, 0, 0], 0x0d), /IDX type 0x0d \(float32\) is not supported; only unsigned bytes \(0x08\)/, 2));
  test('unknown type code', () => throwsIdx(makeIdx([1], [0], 0x42), /unknown IDX type code 0x42/, 2));
  test('rank 0', () => throwsIdx(new Uint8Array([0, 0, 8, 0]), /IDX rank 0 is outside/, 3));
  test('rank too large', () => throwsIdx(new Uint8Array([0, 0, 8, 200]), /IDX rank 200 is outside/, 3));
  test('header cut short', () => throwsIdx(makeIdx([2, 2], [1, 2, 3, 4]).subarray(0, 9), /truncated header: rank 2 needs 12 bytes, file has 9/, 4));
  test('a zero dimension', () => throwsIdx(makeIdx([4, 0], []), /dimension 2 of 2 is 0/, 8));

  test('truncated data, checked before any allocation', () => {
    const header = makeIdx([10000, 28, 28], []);
    const bytes = new Uint8Array(header.length + 1234);
    bytes.set(header);
    throwsIdx(bytes, /truncated: header says 10000×28×28 = 7840000 bytes, file has 1234 after the header/, 16);
  });

  test('absurd dims are just truncation, not an allocation', () => {
    throwsIdx(makeIdx([0xffffffff, 0xffffffff, 0xffffffff], []), /truncated: header says 4294967295×4294967295×4294967295/);
  });

  test('trailing garbage', () => throwsIdx(makeIdx([2], [1, 2, 3]), /1 bytes of trailing data: header says 2 = 2 bytes, file has 3/, 10));

  test('a corrupt gzip is a DataError', () => {
    const packed = gz(makeIdx([4], [1, 2, 3, 4])).slice();
    packed[packed.length - 9]! ^= 0x55;
    throwsIdx(packed, /corrupt gzip data/);
  });

  test('gzip size limit', () => {
    assert.throws(() => parseIdx(gz(makeIdx([100], new Uint8Array(100))), { source, maxBytes: 50 }), { message: /more than the limit of 50/ });
  });

  test('a ByteSource, gzipped or raw, parses as its bytes do, errors and limits included', () => {
    const raw = makeIdx([2, 3], [1, 2, 3, 4, 5, 6]);
    for (const bytes of [raw, gz(raw)]) {
      const idx = parseIdx(arraySource(bytes), { source });
      assert.deepEqual(idx.dims, [2, 3]);
      assert.deepEqual(Array.from(idx.data), [1, 2, 3, 4, 5, 6]);
    }
    assert.throws(() => parseIdx(arraySource(gz(raw)), { source, maxBytes: 5 }), { message: /more than the limit of 5/ });
    const corrupt = gz(raw).slice();
    corrupt[corrupt.length - 9]! ^= 0x55;
    assert.throws(() => parseIdx(arraySource(corrupt), { source }), { name: 'DataError', message: /^img\.idx: corrupt gzip data/ });
    assert.throws(() => parseIdx(arraySource(raw.subarray(0, 9)), { source }), { message: /truncated header: rank 2 needs 12 bytes, file has 9/ });
    assert.throws(() => parseIdx(arraySource(new Uint8Array(0)), { source }), { message: /too short for an IDX header: 0 bytes/ });
  });
});

describe('imagesAndLabels', () => {
  test('pairs images with labels, keeping the bytes', () => {
    const { images, labels } = tinyMnist(4, 3, 2);
    const imgs = parseIdx(images, { source });
    const set = imagesAndLabels(imgs, parseIdx(labels, { source: 'lbl' }), { source, classNames: MNIST_CLASSES });
    assert.equal(set.features.rows, 4);
    assert.equal(set.features.cols, 6);
    assert.deepEqual(set.imageShape, [3, 2, 1]);
    assert.deepEqual(Array.from(set.targets), [0, 1, 2, 3]);
    assert.deepEqual(set.classNames, MNIST_CLASSES);
    assert.equal(set.featureNames.length, 6);
    assert.equal(set.featureNames[5], 'pixel_2_1');
    assert.equal(set.features.get(1, 0), imgs.data[6]);
    assert.ok((set.features as unknown as { data: unknown }).data instanceof Uint8Array);
  });

  test('counts must agree', () => {
    const { images } = tinyMnist(4);
    const labels = makeIdx([3], [0, 1, 2]);
    assert.throws(() => imagesAndLabels(parseIdx(images, { source }), parseIdx(labels, { source: 'l' }), { source, labelsSource: 'l' }), {
      message: /^img\.idx: 4 images but 3 labels in l: the counts must agree/,
    });
  });

  test('labels must be below the number of classes', () => {
    const { images } = tinyMnist(3);
    const labels = makeIdx([3], [0, 1, 2]);
    assert.throws(() => imagesAndLabels(parseIdx(images, { source }), parseIdx(labels, { source: 'l' }), { source, labelsSource: 'l', classNames: ['a', 'b'] }), {
      message: /^l \(byte 10\): label 2 of example 2 is not below the number of classes \(2\)/,
    });
  });

  test('ranks are checked', () => {
    const images = parseIdx(makeIdx([2, 4], new Uint8Array(8)), { source });
    const labels = parseIdx(makeIdx([2], [0, 1]), { source });
    assert.throws(() => imagesAndLabels(images, labels, { source }), { message: /images must have rank 3/ });
    const images3 = parseIdx(makeIdx([2, 2, 2], new Uint8Array(8)), { source });
    assert.throws(() => imagesAndLabels(images3, images3, { source }), { message: /labels must have rank 1/ });
  });
});

describe('real files', () => {
  const mnist = sharedData('mnist');
  test('MNIST t10k parses to 10000×784 with labels', { skip: mnist === undefined ? 'shared/data/mnist absent' : false }, () => {
    const images = parseIdx(readFileSync(join(mnist!, 't10k-images-idx3-ubyte.gz')), { source: 'images' });
    const labels = parseIdx(readFileSync(join(mnist!, 't10k-labels-idx1-ubyte.gz')), { source: 'labels' });
    assert.deepEqual(images.dims, [10000, 28, 28]);
    const set = imagesAndLabels(images, labels, { source: 'images', classNames: MNIST_CLASSES });
    assert.equal(set.features.rows, 10000);
    assert.equal(set.features.cols, 784);
    assert.equal(set.targets[0], 7); // the first test digit is a 7
    const counts = new Array<number>(10).fill(0);
    for (const t of set.targets) counts[t]!++;
    assert.ok(counts.every((c) => c > 800));
  });

  const fashion = existsSync(join(DEBIAN_FASHION_MNIST, 't10k-images-idx3-ubyte.gz'));
  test('Fashion-MNIST test split from the Debian package', { skip: fashion ? false : 'fashion-mnist is not installed' }, () => {
    const images = parseIdx(readFileSync(join(DEBIAN_FASHION_MNIST, 't10k-images-idx3-ubyte.gz')), { source: 'images' });
    const labels = parseIdx(readFileSync(join(DEBIAN_FASHION_MNIST, 't10k-labels-idx1-ubyte.gz')), { source: 'labels' });
    const set = imagesAndLabels(images, labels, { source: 'images', classNames: FASHION_MNIST_CLASSES });
    assert.equal(set.features.rows, 10000);
    assert.equal(set.features.cols, 784);
    assert.equal(set.classNames![set.targets[0]!], 'Ankle boot');
  });
});

describe('imagesAndLabels: regressions found by fuzzing (test/fuzz)', () => {
  test('arrays whose dims claim more than their data are a DataError before anything is allocated', () => {
    // Before: new Float64Array(4294967295) for the targets, a RangeError (exit 70) or 32 GB.
    const images = { dims: [4294967295, 0, 0], data: new Uint8Array(0) };
    const labels = { dims: [4294967295], data: new Uint8Array(0) };
    assert.throws(() => imagesAndLabels(images, labels, { source: 'images' }), (e: unknown) => e instanceof DataError && /dimension 0 of 4294967295×0×0 is not a whole number ≥ 1/.test(e.message));
    const claims = { dims: [4294967295, 1, 1], data: new Uint8Array(3) };
    assert.throws(() => imagesAndLabels(claims, labels, { source: 'images' }), (e: unknown) => e instanceof DataError && /= 4294967295 values, but the data holds 3 bytes/.test(e.message));
  });
});
