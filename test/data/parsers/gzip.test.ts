import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from 'node:events';
import { createDeflateRaw, gunzipSync } from 'node:zlib';
import { DataError } from '../../../src/errors.js';
import { type ByteSource, arraySource } from '../../../src/data/parsers/byteSource.js';
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

/** gzip data whose trailer claims `size` bytes with the CRC-32 of the first `size` bytes of `data`. */
function lyingTrailer(data: Uint8Array, size: number): Uint8Array {
  const packed = gz(data).slice();
  const view = new DataView(packed.buffer);
  view.setUint32(packed.length - 8, crc32(data.subarray(0, size)), true);
  view.setUint32(packed.length - 4, size, true);
  return packed;
}

test('regression (fuzz): a trailer that claims a prefix, CRC included, is refused, not decoded as that prefix', () => {
  // Before: the first 100 bytes were returned and the other 4900 silently dropped.
  const data = new Uint8Array(5000).map((_, i) => i % 7);
  assert.throws(() => gunzip(lyingTrailer(data, 100), { source }), {
    name: 'DataError',
    message: /^x\.gz: corrupt gzip data: the stream holds more than the 100 bytes the trailer claims/,
  });
});

test('regression (fuzz): a bomb with a small claim stops after about the claim, not after the whole stream', async () => {
  // 256 MiB of zeros in ~256 KB claiming 1000 bytes. Before: all 256 MiB were decoded (into a buffer of
  // 1000 bytes), then the CRC of the first 1000 bytes matched and they were returned.
  const body = await deflatedZeros(256);
  const bomb = new Uint8Array(10 + body.length + 8);
  bomb.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  bomb.set(body, 10);
  const view = new DataView(bomb.buffer);
  view.setUint32(bomb.length - 8, crc32(new Uint8Array(1000)), true);
  view.setUint32(bomb.length - 4, 1000, true);
  const before = process.memoryUsage().arrayBuffers;
  const started = performance.now();
  assert.throws(() => gunzip(bomb, { source }), { message: /holds more than the 1000 bytes the trailer claims/ });
  const ms = performance.now() - started;
  const grew = process.memoryUsage().arrayBuffers - before;
  assert.ok(grew < 64 * 1024 * 1024, `allocated ${grew} bytes`);
  assert.ok(ms < 2000, `took ${ms} ms`);
});

test('regression (fuzz): concatenated members and bytes after the trailer are refused', () => {
  const a = gz(utf8('first member'));
  const b = gz(utf8('second member'));
  assert.throws(() => gunzip(Uint8Array.from([...a, ...b]), { source }), { message: /a second gzip member starts at byte \d+; concatenated members are not supported/ });
  assert.throws(() => gunzip(Uint8Array.from([...a, 0, 0, 0, 0]), { source }), { message: /corrupt gzip data/ });
  const junkBeforeTrailer = Uint8Array.from([...a.subarray(0, a.length - 8), 0x41, ...a.subarray(a.length - 8)]);
  assert.throws(() => gunzip(junkBeforeTrailer, { source }), { message: /corrupt gzip data/ });
});

/** `gzipped` with the header fields `flags` announces (FEXTRA, FNAME, FCOMMENT, FHCRC) put after its 10-byte header. */
function withHeaderFields(gzipped: Uint8Array, fields: { extra?: Uint8Array; name?: string; comment?: string; headerCrc?: boolean }): Uint8Array {
  const flags = (fields.headerCrc ? 2 : 0) | (fields.extra ? 4 : 0) | (fields.name !== undefined ? 8 : 0) | (fields.comment !== undefined ? 16 : 0);
  const header = [...gzipped.subarray(0, 10)];
  header[3] = flags;
  if (fields.extra) header.push(fields.extra.length & 0xff, fields.extra.length >> 8, ...fields.extra);
  if (fields.name !== undefined) header.push(...utf8(fields.name), 0);
  if (fields.comment !== undefined) header.push(...utf8(fields.comment), 0);
  if (fields.headerCrc) {
    const crc = crc32(Uint8Array.from(header));
    header.push(crc & 0xff, (crc >>> 8) & 0xff);
  }
  return Uint8Array.from([...header, ...gzipped.subarray(10)]);
}

test('the optional header fields are skipped: extra field, file name, comment, header CRC', () => {
  const data = utf8('platypus '.repeat(30));
  const packed = gz(data);
  const cases = [
    { name: 'train-images-idx3-ubyte' },
    { extra: new Uint8Array(300).fill(0), comment: 'a comment' },
    { extra: Uint8Array.of(1, 2, 3), name: 'x', comment: '', headerCrc: true },
    { name: 'n'.repeat(1000) },
  ];
  for (const fields of cases) {
    const bytes = withHeaderFields(packed, fields);
    assert.deepEqual(new Uint8Array(gunzipSync(bytes)), data, 'zlib reads it');
    assert.deepEqual(gunzip(bytes, { source }), data);
  }
});

test('header fields that run into the trailer are refused', () => {
  const packed = gz(utf8('some data'));
  const noEndToName = Uint8Array.from(packed, (b, i) => (i === 3 ? 8 : i >= 10 && i < packed.length - 8 ? b | 1 : b)); // FNAME, no zero before the trailer
  assert.throws(() => gunzip(noEndToName, { source }), { name: 'DataError', message: /the header fields run into the trailer/ });
  const longExtra = packed.slice();
  longExtra[3] = 4;
  longExtra[10] = 0xff;
  longExtra[11] = 0xff;
  assert.throws(() => gunzip(longExtra, { source }), { name: 'DataError', message: /the header fields run into the trailer/ });
});

test('a ByteSource is read in pieces of at most 64 KiB, each byte once: the compressed input is never whole in memory', () => {
  let s = 7;
  const data = Uint8Array.from({ length: 300_000 }, (_, i) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return i % 3 === 0 ? 0 : s & 255;
  });
  const packed = gz(data);
  assert.ok(packed.length > 3 * 65536);
  const inner = arraySource(packed);
  const reads: number[] = [];
  const spy: ByteSource = {
    byteLength: packed.length,
    readInto(position, out) {
      reads.push(out.length);
      inner.readInto(position, out);
    },
  };
  assert.deepEqual(gunzip(spy, { source }), data);
  assert.ok(Math.max(...reads) <= 65536, `largest read ${Math.max(...reads)} bytes`);
  const total = reads.reduce((a, b) => a + b, 0);
  assert.ok(total < packed.length + 64, `read ${total} bytes of ${packed.length}`);
});

/** `mib` MiB of zeros as a raw deflate stream, compressed piece by piece (never all in memory). */
async function deflatedZeros(mib: number): Promise<Buffer> {
  const deflater = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflater, 'end');
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < mib; i++) if (!deflater.write(zeros)) await once(deflater, 'drain');
  deflater.end();
  await ended;
  return Buffer.concat(chunks);
}
