/**
 * Fuzz target for picture decoding (decodeGray: PNG via fast-png, JPEG via jpeg-js) and prepareDigit.
 *
 * Valid PNGs of every colour type and depth (gray 1/2/4/8/16 bits, gray+alpha, RGB, RGBA, palettes of
 * 1…8 bits) must decode to their size and to exactly the gray levels computed here from the pixels that
 * were encoded; valid JPEGs (a pool of 32 sizes, qualities and contents) to their size with values in [0, 1]. Mutated pictures (bit flips, truncation,
 * IHDR claiming 100000×100000 with a correct CRC, a JPEG frame header claiming up to 65535×65535, random bytes behind a PNG or JPEG signature) must
 * decode to a well-formed picture or throw a DataError, within the time and allocation bounds.
 * prepareDigit on anything decoded gives height·width finite values in [0, 255] or a DataError (blank).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { type GrayImage, decodeGray } from '../../../src/data/images/decode.js';
import { prepareDigit } from '../../../src/data/images/prepare.js';
import { crc32 } from '../../../src/data/parsers/crc32.js';
import { DataError } from '../../../src/errors.js';
import { mutatedBytes } from '../mutations.js';
import { defineTarget, outcomeOf } from '../target.js';

const SOURCE = 'fuzz-picture';

/** A PNG to encode, with the gray levels it must decode to. */
interface PngSpec {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  depth: 1 | 2 | 4 | 8 | 16;
  /** one sample per channel per pixel (palette indices for a palette picture), unpacked */
  samples: number[];
  palette?: [number, number, number][];
}

const size = fc.integer({ min: 1, max: 24 });

const pngSpec: fc.Arbitrary<PngSpec> = fc
  .record({
    width: size,
    height: size,
    kind: fc.constantFrom('gray', 'grayAlpha', 'rgb', 'rgba', 'palette'),
    lowDepth: fc.constantFrom(1, 2, 4, 8) as fc.Arbitrary<1 | 2 | 4 | 8>,
    wide: fc.boolean(),
  })
  .chain(({ width, height, kind, lowDepth, wide }) => {
    const channels = kind === 'grayAlpha' ? 2 : kind === 'rgb' ? 3 : kind === 'rgba' ? 4 : 1;
    // PNG allows depths below 8 only for gray and palette pictures.
    const depth: PngSpec['depth'] = kind === 'palette' ? lowDepth : kind === 'gray' ? (wide ? 16 : lowDepth) : wide ? 16 : 8;
    const max = 2 ** depth - 1;
    const n = width * height * channels;
    if (kind === 'palette') {
      const colour = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255));
      return fc.array(colour, { minLength: 1, maxLength: 2 ** depth }).chain((palette) =>
        fc.array(fc.nat(palette.length - 1), { minLength: n, maxLength: n }).map((samples): PngSpec => ({ width, height, channels: 1, depth, samples, palette })),
      );
    }
    return fc.array(fc.oneof(fc.nat(max), fc.constantFrom(0, max)), { minLength: n, maxLength: n }).map((samples): PngSpec => ({ width, height, channels: channels as PngSpec['channels'], depth, samples }));
  });

/** Packs unpacked samples into the layout fast-png's encoder takes (rows start on a byte below 8 bits). */
function pngData(spec: PngSpec): Uint8Array | Uint16Array {
  if (spec.depth === 16) return Uint16Array.from(spec.samples);
  if (spec.depth === 8) return Uint8Array.from(spec.samples);
  const perRow = spec.width * spec.channels;
  const rowBytes = Math.ceil((perRow * spec.depth) / 8);
  const out = new Uint8Array(rowBytes * spec.height);
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < perRow; x++) {
      const bit = x * spec.depth;
      out[y * rowBytes + (bit >> 3)]! |= spec.samples[y * perRow + x]! << (8 - spec.depth - (bit & 7));
    }
  }
  return out;
}

function encodeSpec(spec: PngSpec): Uint8Array {
  return encodePng({ width: spec.width, height: spec.height, data: pngData(spec), depth: spec.depth, channels: spec.channels, ...(spec.palette ? { palette: spec.palette } : {}) });
}

/** The gray levels a spec must decode to: Rec. 601 luma, alpha over white paper. */
function expectedGray(spec: PngSpec): number[] {
  const max = spec.palette ? 255 : 2 ** spec.depth - 1;
  const out: number[] = [];
  for (let i = 0; i < spec.width * spec.height; i++) {
    const s = spec.samples.slice(i * spec.channels, (i + 1) * spec.channels);
    let rgb: number[];
    let alpha = 1;
    if (spec.palette) rgb = spec.palette[s[0]!]!;
    else if (spec.channels <= 2) rgb = [s[0]!, s[0]!, s[0]!];
    else rgb = s.slice(0, 3);
    if (spec.channels === 2) alpha = s[1]! / max;
    if (spec.channels === 4) alpha = s[3]! / max;
    const gray = spec.channels <= 2 && !spec.palette ? rgb[0]! / max : (0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!) / max;
    out.push(gray * alpha + (1 - alpha));
  }
  return out;
}

/** A JPEG to encode: smooth or noisy RGBA pixels at some quality. */
interface JpegSpec {
  width: number;
  height: number;
  quality: number;
  rgba: Uint8Array;
}

function jpegSpecFor(k: number): JpegSpec {
  // jpeg-js builds its tables on every encode (about 20 ms), so the valid JPEGs come from a fixed pool
  // of sizes, qualities and contents rather than from fresh pixels each case.
  const width = 1 + ((k * 7) % 40);
  const height = 1 + ((k * 13 + 5) % 40);
  const quality = 1 + ((k * 29) % 100);
  const rgba = new Uint8Array(width * height * 4);
  let state = k + 1;
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    for (let c = 0; c < 3; c++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      rgba[4 * i + c] = k % 2 === 0 ? state >>> 24 : ((x * (37 + c) + y * (53 - c) + k) & 255);
    }
    rgba[4 * i + 3] = 255;
  }
  return { width, height, quality, rgba };
}

const JPEG_POOL = 32;
const jpegPool: { spec: JpegSpec; bytes: Uint8Array }[] = [];

function pooledJpeg(k: number): { spec: JpegSpec; bytes: Uint8Array } {
  if (jpegPool.length === 0) {
    for (let i = 0; i < JPEG_POOL; i++) {
      const spec = jpegSpecFor(i);
      jpegPool.push({ spec, bytes: new Uint8Array(jpeg.encode({ data: spec.rgba, width: spec.width, height: spec.height }, spec.quality).data) });
    }
  }
  return jpegPool[k % JPEG_POOL]!;
}

const jpegIndex = fc.nat(JPEG_POOL - 1);

/** Rewrites a PNG's IHDR width and height, with the CRC that makes the chunk look intact. */
function claimSize(png: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(png);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

/** Rewrites the width and height in a JPEG's first frame header (SOF0…SOF15 but DHT, JPG, DAC), if it has one. */
function claimJpegSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let at = 2; at + 9 <= out.length && out[at] === 0xff; at += 2 + ((out[at + 2]! << 8) | out[at + 3]!)) {
    const marker = out[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const view = new DataView(out.buffer);
      view.setUint16(at + 5, height);
      view.setUint16(at + 7, width);
      break;
    }
  }
  return out;
}

const JPEG_CLAIMS = [0, 1, 8, 600, 4000, 6000, 6324, 65535];

const CLAIMS = [0, 1, 2, 100, 6000, 6324, 65535, 100_000, 0x7fffffff, 0x80000000, 0xffffffff];

type PictureCase =
  | { kind: 'png'; spec: PngSpec; height: number; width: number }
  | { kind: 'jpeg'; index: number; height: number; width: number }
  | { kind: 'other'; bytes: Uint8Array; height: number; width: number };

const validPng = pngSpec.map(encodeSpec);
const validJpeg = jpegIndex.map((k) => pooledJpeg(k).bytes);

const otherPicture: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mutatedBytes(validPng) },
  { weight: 3, arbitrary: mutatedBytes(validJpeg) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(validPng, fc.oneof(fc.constantFrom(...CLAIMS), fc.nat(0xffffffff)), fc.oneof(fc.constantFrom(...CLAIMS), fc.nat(0xffffffff)))
      .map(([png, w, h]) => claimSize(png, w, h)),
  },
  { weight: 1, arbitrary: fc.tuple(validPng, fc.constantFrom(...CLAIMS)).chain(([png, claim]) => mutatedBytes(fc.constant(claimSize(png, claim, claim)))) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(validJpeg, fc.oneof(fc.constantFrom(...JPEG_CLAIMS), fc.nat(65535)), fc.oneof(fc.constantFrom(...JPEG_CLAIMS), fc.nat(65535)))
      .map(([bytes, w, h]) => claimJpegSize(bytes, w, h)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 96 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 96 }).map((b) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...b])) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 96 }).map((b) => new Uint8Array([0xff, 0xd8, 0xff, ...b])) },
);

/** The model's image size prepareDigit is asked for. */
const modelSize = fc.oneof(fc.constant(28), fc.integer({ min: 1, max: 40 }));

function checkPicture(img: GrayImage): void {
  assert.ok(Number.isInteger(img.width) && img.width >= 1, `width ${img.width}`);
  assert.ok(Number.isInteger(img.height) && img.height >= 1, `height ${img.height}`);
  assert.equal(img.pixels.length, img.width * img.height);
  for (let i = 0; i < img.pixels.length; i++) {
    const v = img.pixels[i]!;
    if (!(v >= 0 && v <= 1)) assert.fail(`pixel ${i} is ${v}, not in [0, 1]`);
  }
}

/** prepareDigit: height·width finite values in [0, 255], or a DataError for a blank picture. */
function checkPrepared(img: GrayImage, height: number, width: number): string {
  const result = outcomeOf(DataError, () => prepareDigit(img, { height, width }));
  if (!result.ok) {
    assert.match(result.error.message, /blank/);
    return 'blank';
  }
  const values: Float64Array = result.value;
  assert.equal(values.length, height * width);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 255)) assert.fail(`prepared value ${i} is ${v}, not in [0, 255]`);
  }
  return 'prepared';
}

export const pictures = defineTarget<PictureCase>({
  arbitrary: fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('png' as const), spec: pngSpec, height: modelSize, width: modelSize }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('jpeg' as const), index: jpegIndex, height: modelSize, width: modelSize }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('other' as const), bytes: otherPicture, height: modelSize, width: modelSize }) },
  ),
  check(c) {
    if (c.kind === 'png') {
      const img = decodeGray(encodeSpec(c.spec), SOURCE);
      assert.equal(img.width, c.spec.width);
      assert.equal(img.height, c.spec.height);
      checkPicture(img);
      const expected = expectedGray(c.spec);
      for (let i = 0; i < expected.length; i++) {
        if (Math.abs(img.pixels[i]! - expected[i]!) > 1e-12) assert.fail(`pixel ${i} is ${img.pixels[i]}, expected ${expected[i]}`);
      }
      return `png ${checkPrepared(img, c.height, c.width)}`;
    }
    if (c.kind === 'jpeg') {
      const { spec, bytes } = pooledJpeg(c.index);
      const img = decodeGray(bytes, SOURCE);
      assert.equal(img.width, spec.width);
      assert.equal(img.height, spec.height);
      checkPicture(img);
      return `jpeg ${checkPrepared(img, c.height, c.width)}`;
    }
    const result = outcomeOf(DataError, () => decodeGray(c.bytes, SOURCE));
    if (!result.ok) {
      assert.equal(result.error.source, SOURCE);
      return 'DataError';
    }
    checkPicture(result.value);
    return `decoded ${checkPrepared(result.value, c.height, c.width)}`;
  },
  // Generated pictures are at most 40×40; a header claim believed shows up as a large allocation.
  allocationLimit: () => 32 * 1024 * 1024,
});
