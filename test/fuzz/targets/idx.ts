/**
 * Fuzz targets for parseIdx, imagesAndLabels and gunzip.
 *
 * Valid IDX files must parse to their dims and bytes; mutated ones (bit flips, truncation, header
 * fields set to 0 or 4 billion, gzip trailers that lie) must parse to what an independent reader
 * (below, over node:zlib) reads, or throw a DataError — and never allocate what the header claims
 * before the claim is checked against the bytes that are there.
 */
import assert from 'node:assert/strict';
import { gzipSync as zlibGzip, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { inflateSync } from 'fflate';
import { gunzip } from '../../../src/data/parsers/gzip.js';
import { type IdxArray, imagesAndLabels, parseIdx } from '../../../src/data/parsers/idx.js';
import { crc32 } from '../../../src/data/parsers/crc32.js';
import { DataError } from '../../../src/errors.js';
import { INTERESTING_U32, mutatedBytes } from '../mutations.js';
import { defineTarget, outcome, outcomeOf } from '../target.js';

const SOURCE = 'fuzz-idx';

/** An IDX file of unsigned bytes. */
export function makeIdx(dims: readonly number[], values: Uint8Array, typeCode = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d >>> 0, false));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

const gzip = (bytes: Uint8Array, level = 6): Uint8Array => new Uint8Array(zlibGzip(bytes, { level: level as 1 }));

/** A valid IDX file: rank 1…4, small dims, random bytes. */
const validIdx: fc.Arbitrary<{ dims: number[]; data: Uint8Array }> = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((dims) => {
    const size = dims.reduce((a, b) => a * b, 1);
    return fc.record({ dims: fc.constant(dims), data: fc.uint8Array({ minLength: size, maxLength: size }) });
  });

/** A header with claims: rank (incl. 0 and > 8), dims from 0 to 4 billion, type codes, and a few bytes of data. */
const claimingHeader: fc.Arbitrary<Uint8Array> = fc
  .record({
    type: fc.oneof(fc.constant(0x08), fc.constantFrom(0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0xff)),
    rank: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 8, 9, 255)),
    dims: fc.array(fc.oneof(fc.constantFrom(...INTERESTING_U32), fc.integer({ min: 0, max: 0xffffffff })), { maxLength: 10 }),
    data: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ type, rank, dims, data }) => {
    const out = makeIdx(dims, data, type);
    out[3] = rank;
    return out;
  });

type IdxCase = { kind: 'valid'; dims: number[]; data: Uint8Array; gz: boolean } | { kind: 'other'; bytes: Uint8Array; maxBytes?: number };

const rawValid = validIdx.map(({ dims, data }) => makeIdx(dims, data));

const otherIdx: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mutatedBytes(rawValid) },
  { weight: 3, arbitrary: mutatedBytes(rawValid.map((b) => gzip(b))) },
  { weight: 2, arbitrary: mutatedBytes(rawValid).map((b) => gzip(b)) },
  { weight: 3, arbitrary: claimingHeader },
  { weight: 1, arbitrary: claimingHeader.map((b) => gzip(b)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0x1f, 0x8b, ...b])) },
);

/** Where the deflate stream of a gzip member starts (after the RFC 1952 header fields), or undefined. */
function deflateStart(bytes: Uint8Array): number | undefined {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) return undefined;
  const flags = bytes[3]!;
  let at = 10;
  if (flags & 4) at = 12 + (bytes[10]! | (bytes[11]! << 8));
  for (const bit of [8, 16]) {
    if (flags & bit) {
      const zero = bytes.indexOf(0, at);
      if (zero < 0) return undefined;
      at = zero + 1;
    }
  }
  if (flags & 2) at += 2;
  return at <= bytes.length - 8 ? at : undefined;
}

function trailerMatches(bytes: Uint8Array, end: number, data: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length - end === 8 && view.getUint32(end, true) === crc32(data) && view.getUint32(end + 4, true) === data.length >>> 0;
}

/**
 * The reference gzip reader: one member spanning the whole input (the deflate stream by node:zlib, then
 * exactly the 8-byte trailer, whose CRC-32 and size must match). Stricter than zlib.gunzipSync, which
 * also reads concatenated members and ignores trailing zeros. Undefined where it refuses.
 */
export function referenceGunzip(bytes: Uint8Array): Uint8Array | undefined {
  const at = deflateStart(bytes);
  if (at === undefined) return undefined;
  let out: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    out = inflateRawSync(bytes.subarray(at), { info: true }) as unknown as typeof out;
  } catch {
    return undefined;
  }
  const data = new Uint8Array(out.buffer);
  return trailerMatches(bytes, at + out.engine.bytesWritten, data) ? data : undefined;
}

/**
 * A second opinion where zlib refuses: fflate's one-shot inflate of everything between the header and the
 * trailer. fflate does not check a stored block's NLEN field, so a flip there leaves data that the trailer's
 * CRC-32 still vouches for; such data must then decompress to the whole stream, checked by the trailer.
 */
function lenientGunzip(bytes: Uint8Array): Uint8Array | undefined {
  const at = deflateStart(bytes);
  if (at === undefined) return undefined;
  let data: Uint8Array;
  try {
    data = inflateSync(bytes.subarray(at, bytes.length - 8));
  } catch {
    return undefined;
  }
  return trailerMatches(bytes, bytes.length - 8, data) ? data : undefined;
}

/**
 * The reference IDX reader: referenceGunzip (or, when `lenient`, lenientGunzip where zlib refuses), then
 * the header read directly. Undefined where it refuses.
 */
function referenceIdx(bytes: Uint8Array, lenient: boolean): IdxArray | undefined {
  let raw: Uint8Array | undefined = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) raw = referenceGunzip(bytes) ?? (lenient ? lenientGunzip(bytes) : undefined);
  if (raw === undefined) return undefined;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0x08) return undefined;
  const rank = raw[3]!;
  if (rank < 1 || raw.length < 4 + 4 * rank) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k, false));
  if (rank > 8 || dims.includes(0)) return undefined; // Platypus refuses empty arrays and ranks above 8
  const size = dims.reduce((a, b) => a * BigInt(b), 1n);
  if (size !== BigInt(raw.length - 4 - 4 * rank)) return undefined;
  return { dims, data: raw.subarray(4 + 4 * rank) };
}

/** What every successful parse must be, whatever the input. */
function checkIdx(idx: IdxArray): void {
  assert.ok(idx.dims.length >= 1 && idx.dims.length <= 8, `rank ${idx.dims.length}`);
  for (const d of idx.dims) assert.ok(Number.isInteger(d) && d >= 1, `dim ${d}`);
  assert.equal(idx.data.length, idx.dims.reduce((a, b) => a * b, 1), 'the bytes fill the dims exactly');
}

export const idx = defineTarget<IdxCase>({
  arbitrary: fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('valid' as const), dims: validIdx.map((v) => v.dims), gz: fc.boolean() }).chain((c) => {
      const size = c.dims.reduce((a, b) => a * b, 1);
      return fc.uint8Array({ minLength: size, maxLength: size }).map((data) => ({ ...c, data }));
    }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('other' as const), bytes: otherIdx, maxBytes: fc.option(fc.integer({ min: 0, max: 4096 }), { nil: undefined, freq: 3 }) }) },
  ),
  check(c) {
    if (c.kind === 'valid') {
      const raw = makeIdx(c.dims, c.data);
      const parsed = parseIdx(c.gz ? gzip(raw) : raw, { source: SOURCE });
      assert.deepEqual(parsed.dims, c.dims);
      assert.deepEqual(parsed.data, c.data);
      return 'parsed';
    }
    const result = outcomeOf(DataError, () => parseIdx(c.bytes, { source: SOURCE, ...(c.maxBytes !== undefined ? { maxBytes: c.maxBytes } : {}) }));
    if (!result.ok) {
      const reference = referenceIdx(c.bytes, false);
      assert.equal(result.error.source, SOURCE);
      // Refusing what the reference reads is allowed only for the size limit.
      if (reference !== undefined) assert.match(result.error.message, /more than the limit/, `refused a file the reference reads: ${result.error.message}`);
      return 'DataError';
    }
    checkIdx(result.value);
    const reference = referenceIdx(c.bytes, true);
    assert.ok(reference, 'parsed a file the reference refuses');
    assert.deepEqual(result.value.dims, reference.dims);
    assert.deepEqual(result.value.data, reference.data);
    return 'parsed';
  },
  // Nothing generated decompresses to more than ~100 KB, so any large allocation is a header claim believed.
  allocationLimit: () => 8 * 1024 * 1024,
});

/** An IdxArray as a caller might build it: dims from 0 to 4 billion (or negative, fractional), data of any length. */
const looseIdxArray: fc.Arbitrary<IdxArray> = fc.record({
  dims: fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(4_000_000_000, 0xffffffff, -1, 1.5, Number.NaN, 2 ** 53)), { maxLength: 5 }),
  data: fc.uint8Array({ maxLength: 64 }),
});

/** A consistent pair: n images of h×w(×c), n labels below `classes`. */
const imagePair = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), h: fc.integer({ min: 1, max: 4 }), w: fc.integer({ min: 1, max: 4 }), c: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), classes: fc.integer({ min: 1, max: 12 }) })
  .chain(({ n, h, w, c, classes }) =>
    fc.record({
      images: fc.uint8Array({ minLength: n * h * w * (c ?? 1), maxLength: n * h * w * (c ?? 1) }).map((data): IdxArray => ({ dims: c === undefined ? [n, h, w] : [n, h, w, c], data })),
      labels: fc.uint8Array({ minLength: n, maxLength: n }).map((data): IdxArray => ({ dims: [n], data })),
      classNames: fc.option(fc.constant(Array.from({ length: classes }, (_, i) => `class ${i}`)), { nil: undefined }),
    }),
  );

/** Parsed (possibly mutated) files, so pairs come from what parseIdx can really return. */
const parsedIdx: fc.Arbitrary<IdxArray> = fc.oneof(rawValid, mutatedBytes(rawValid), claimingHeader).map((bytes) => {
  const r = outcome(() => parseIdx(bytes, { source: SOURCE }));
  return r.ok ? r.value : { dims: [1], data: new Uint8Array(1) };
});

type PairCase = { images: IdxArray; labels: IdxArray; classNames?: string[] };

export const pairs = defineTarget<PairCase>({
  arbitrary: fc.oneof(
    imagePair,
    fc.record({ images: fc.oneof(looseIdxArray, parsedIdx), labels: fc.oneof(looseIdxArray, parsedIdx), classNames: fc.option(fc.array(fc.string(), { maxLength: 12 }), { nil: undefined }) }),
  ),
  check(c) {
    const result = outcome(() => imagesAndLabels(c.images, c.labels, { source: 'images', labelsSource: 'labels', ...(c.classNames ? { classNames: c.classNames } : {}) }));
    if (!result.ok) return result.error.name;
    const set = result.value;
    const [n, h, w, ch = 1] = c.images.dims as number[];
    assert.equal(set.features.rows, n);
    assert.equal(set.features.cols, h! * w! * ch);
    assert.equal(set.targets.length, n);
    assert.equal(set.featureNames.length, set.features.cols);
    assert.deepEqual(set.imageShape, [h, w, ch]);
    for (let i = 0; i < n!; i++) {
      const t = set.targets[i]!;
      assert.equal(t, c.labels.data[i], 'targets are the label bytes');
      if (c.classNames) assert.ok(t < c.classNames.length, `label ${t} is below the number of classes`);
    }
    return 'paired';
  },
  allocationLimit: () => 4 * 1024 * 1024,
});

/** gzip output with its trailer's CRC-32 and size replaced (a lying trailer). */
function withTrailer(gz: Uint8Array, crc: number, size: number): Uint8Array {
  const out = new Uint8Array(gz);
  const view = new DataView(out.buffer);
  view.setUint32(out.length - 8, crc >>> 0, true);
  view.setUint32(out.length - 4, size >>> 0, true);
  return out;
}

type GzCase = { bytes: Uint8Array; maxBytes?: number; original?: Uint8Array };

/** Data that compresses well (zeros, runs, a repeated pattern) or not at all. */
const filled = (max: number): fc.Arbitrary<Uint8Array> =>
  fc.record({ size: fc.integer({ min: 0, max }), fill: fc.integer({ min: 0, max: 255 }) }).map(({ size, fill }) => new Uint8Array(size).fill(fill));
const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 6, arbitrary: filled(50_000) },
  { weight: 1, arbitrary: filled(2_000_000) },
  {
    weight: 4,
    arbitrary: fc
      .record({ size: fc.integer({ min: 0, max: 20_000 }), pattern: fc.uint8Array({ minLength: 1, maxLength: 8 }) })
      .map(({ size, pattern }) => Uint8Array.from({ length: size }, (_, i) => pattern[i % pattern.length]!)),
  },
);

/** Bombs and liars: a trailer claiming less (with the CRC of what it claims) or more than the data holds. */
const lyingTrailer: fc.Arbitrary<Uint8Array> = fc
  .record({ data: payload, claim: fc.oneof(fc.nat(), fc.constantFrom(...INTERESTING_U32)), honestCrc: fc.boolean() })
  .map(({ data, claim, honestCrc }) => {
    const size = claim % (data.length * 2 + 2);
    const crc = honestCrc ? crc32(data) : crc32(data.subarray(0, Math.min(size, data.length)));
    return withTrailer(gzip(data), crc, size);
  });

export const gz = defineTarget<GzCase>({
  arbitrary: fc.oneof(
    { weight: 2, arbitrary: fc.record({ original: payload, level: fc.integer({ min: 0, max: 9 }) }).map(({ original, level }) => ({ bytes: gzip(original, level), original })) },
    { weight: 4, arbitrary: fc.record({ bytes: mutatedBytes(payload.map((p) => gzip(p))), maxBytes: fc.option(fc.integer({ min: 0, max: 1 << 20 }), { nil: undefined, freq: 3 }) }) },
    { weight: 3, arbitrary: fc.record({ bytes: lyingTrailer }) },
    {
      weight: 1,
      arbitrary: fc.record({
        bytes: fc.oneof(
          fc.tuple(payload, payload).map(([a, b]) => new Uint8Array([...gzip(a), ...gzip(b)])),
          fc.tuple(payload, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([a, junk]) => new Uint8Array([...gzip(a), ...junk])),
          fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0x1f, 0x8b, 8, ...b])),
        ),
      }),
    },
  ),
  check(c) {
    const before = process.memoryUsage().arrayBuffers;
    const result = outcomeOf(DataError, () => gunzip(c.bytes, { source: SOURCE, ...(c.maxBytes !== undefined ? { maxBytes: c.maxBytes } : {}) }));
    const grew = process.memoryUsage().arrayBuffers - before;
    // The output array, of the size the trailer claims once the claim passes the checks; besides it only the
    // decoder's input buffer (64 KiB at most) and code tables (~130 KiB): nothing grows with the stream.
    const claim = c.bytes.length >= 18 ? new DataView(c.bytes.buffer, c.bytes.byteOffset).getUint32(c.bytes.length - 4, true) : 0;
    const limit = 1048576 + Math.min(claim, c.maxBytes ?? claim, 1032 * c.bytes.length);
    assert.ok(grew <= limit, `gunzip allocated ${grew} bytes; the trailer claims ${claim}, so at most ${limit} were allowed`);
    const reference = referenceGunzip(c.bytes);
    if (c.original) {
      assert.ok(result.ok, `valid gzip refused: ${result.ok ? '' : result.error.message}`);
      assert.deepEqual(result.value, c.original);
      return 'decompressed';
    }
    if (!result.ok) {
      assert.equal(result.error.source, SOURCE);
      if (reference !== undefined) assert.match(result.error.message, /more than the limit/, `refused data the reference reads: ${result.error.message}`);
      return 'DataError';
    }
    if (reference === undefined) {
      const lenient = lenientGunzip(c.bytes);
      assert.ok(lenient, 'decompressed data the reference refuses');
      assert.deepEqual(result.value, lenient, 'the whole stream, as fflate reads it');
      return 'decompressed (zlib refuses)';
    }
    assert.deepEqual(result.value, reference, 'the same bytes as the reference');
    if (c.maxBytes !== undefined) assert.ok(result.value.length <= c.maxBytes, 'no more than maxBytes');
    return 'decompressed';
  },
  // gunzip's own allocations are bounded in check(); this covers the reference decoders too (2 MB payloads).
  allocationLimit: () => 64 * 1024 * 1024,
});
