import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from 'fast-png';
import jpeg from 'jpeg-js';
import { decodeGray } from '../../../src/data/images/decode.js';
import { crc32 } from '../../../src/data/parsers/crc32.js';
import { DataError } from '../../../src/errors.js';

test('regression (fuzz): a 1-bit gray PNG decodes pixel by pixel, not one packed byte per pixel', () => {
  // rows of 3 pixels, each row starting on a byte: 1 0 1 / 0 1 0
  const png = encode({ width: 3, height: 2, data: new Uint8Array([0b10100000, 0b01000000]), depth: 1, channels: 1 });
  const img = decodeGray(png, 'one-bit.png');
  assert.deepEqual([...img.pixels], [1, 0, 1, 0, 1, 0]); // was [160, 64, NaN, NaN, NaN, NaN]
});

test('regression (fuzz): a 2-bit palette PNG looks its indices up one pixel at a time', () => {
  const palette: [number, number, number][] = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]];
  const png = encode({ width: 3, height: 1, data: new Uint8Array([0b00011011]), depth: 2, channels: 1, palette });
  const img = decodeGray(png, 'palette.png');
  assert.deepEqual([...img.pixels], [0, 1, 0.299]); // indices 0 1 2; was [0, 0, 0]
});

test('regression (fuzz): a cut-off PNG header is a DataError that names the file', () => {
  const png = encode({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 });
  assert.throws(() => decodeGray(png.subarray(0, 12), 'cut.png'), (e) => e instanceof DataError && e.source === 'cut.png');
});

test('regression (fuzz): an IHDR claiming 6324×6324 16-bit pixels over a few bytes of data is refused before decoding', () => {
  const png = new Uint8Array(encode({ width: 1, height: 1, data: new Uint16Array(1), depth: 16, channels: 1 }));
  const view = new DataView(png.buffer);
  view.setUint32(16, 6324);
  view.setUint32(20, 6324);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => decodeGray(png, 'claim.png'), (e) => e instanceof DataError && /claims 6324×6324/.test(e.message));
  assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024); // fast-png allocated 80 MB
});

test('regression (fuzz): a small JPEG whose frame header claims 6000×6000 is refused before jpeg-js allocates it', () => {
  const bytes = new Uint8Array(jpeg.encode({ data: new Uint8Array(8 * 8 * 4).fill(200), width: 8, height: 8 }, 50).data);
  let sof = 2;
  while (!(bytes[sof] === 0xff && bytes[sof + 1] === 0xc0)) sof++;
  const view = new DataView(bytes.buffer);
  view.setUint16(sof + 5, 6000);
  view.setUint16(sof + 7, 6000);
  const started = performance.now();
  assert.throws(() => decodeGray(bytes, 'claim.jpg'), (e) => e instanceof DataError && /claims more pixels than its \d+ bytes can hold/.test(e.message));
  assert.ok(performance.now() - started < 500); // was 400 MB and 2.4 s before "unexpected marker"
});
