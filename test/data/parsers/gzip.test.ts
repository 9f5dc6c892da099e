import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataError } from '../../../src/errors.js';
import { crc32 } from '../../../src/data/parsers/crc32.js';
import { gunzip, isGzip } from '../../../src/data/parsers/gzip.js';
import { gz, utf8 } from '../fixtures.js';

const source = 'x.gz';

test('crc32 of known strings', () => {
  assert.equal(crc32(utf8('')), 0);
  assert.equal(crc32(utf8('123456789')), 0xcbf43926);
  assert.equal(crc32(utf8('The quick brown fox jumps over the lazy dog')), 0x414fa339);
});

test('gunzip round trip', () => {
  const data = utf8('hello hello hello platypus');
  const packed = gz(data);
  assert.ok(isGzip(packed));
  assert.ok(!isGzip(data));
  assert.deepEqual(gunzip(packed, { source }), data);
});

test('the trailer size is checked against the limit before decompressing', () => {
  const packed = gz(new Uint8Array(5000));
  assert.throws(() => gunzip(packed, { source, maxBytes: 4096 }), {
    name: 'DataError',
    message: /^x\.gz: gzip data would decompress to 5000 bytes, more than the limit of 4096/,
  });
});

test('a lying trailer (a wrapped-around bomb) is caught by the size and CRC checks', () => {
  const packed = gz(new Uint8Array(5000)).slice();
  const view = new DataView(packed.buffer);
  view.setUint32(packed.length - 4, 100, true); // claims 100 bytes
  assert.throws(() => gunzip(packed, { source }), (e: unknown) => e instanceof DataError && /corrupt gzip data/.test(e.message));
});

test('corrupt gzip data: flipped bytes, truncation, bad method, too short', () => {
  const data = new Uint8Array(2000).map((_, i) => (i * 31) % 251);
  const packed = gz(data);
  const flipped = packed.slice();
  flipped[Math.floor(packed.length / 2)]! ^= 0xff;
  const cases: [Uint8Array, RegExp][] = [
    [flipped, /corrupt gzip data/],
    [packed.slice(0, packed.length - 20), /corrupt gzip data/],
    [Uint8Array.from([0x1f, 0x8b, 7, ...packed.subarray(3)]), /compression method 7 is not deflate/],
    [Uint8Array.from([0x1f, 0x8b, 8, 0]), /too short for a gzip stream/],
  ];
  for (const [bytes, pattern] of cases) {
    assert.throws(() => gunzip(bytes, { source }), (e: unknown) => e instanceof DataError && e.source === source && pattern.test(e.message));
  }
});

test('a bad CRC alone is caught', () => {
  const packed = gz(utf8('some text to compress')).slice();
  packed[packed.length - 8]! ^= 1;
  assert.throws(() => gunzip(packed, { source }), { message: /CRC-32 check failed/ });
});
