import { DataError } from '../../errors.js';
import { type ByteSource, arraySource } from './byteSource.js';
import { crc32 } from './crc32.js';
import { InflateError, InflateOverflowError, inflate } from './inflate.js';

/** Decompressed data larger than this is refused (a gzip bomb, or not a dataset). */
export const MAX_GUNZIP_BYTES = 1 << 30;

/** Deflate expands at most about 1032:1, so a trailer claiming more is corrupt (or the file is cut short). */
const MAX_DEFLATE_RATIO = 1032;

/** Header flags (RFC 1952 §2.3.1). */
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const HEADER_BYTES = 10;
const TRAILER_BYTES = 8;

export interface GunzipOptions {
  /** Named in errors. */
  source: string;
  /** The largest decompressed size accepted. @default MAX_GUNZIP_BYTES (1 GiB) */
  maxBytes?: number;
  /** Makes the array the output is written into (e.g. in the kernels' memory). @default new Uint8Array */
  allocate?: (length: number) => Uint8Array;
}

/** True when `bytes` start with the gzip magic 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses one gzip member. The size in the trailer (ISIZE) is checked against `maxBytes`
 * before anything is allocated, and the output is checked against the trailer's size and CRC-32,
 * so a truncated, corrupt or oversized stream is a DataError rather than garbage.
 *
 * The stream is decoded straight into an array of the trailer's size, and decoding stops as soon as
 * the output would pass it, so a trailer that lies (a bomb claiming a few bytes) costs no more work or
 * memory than it claims. The member must end exactly at the end of the input: concatenated members
 * and bytes after the trailer are refused.
 *
 * `input` may be a ByteSource (a file read in chunks): then only the output and a 64 KiB buffer are
 * in memory, never the whole compressed input.
 */
export function gunzip(input: Uint8Array | ByteSource, options: GunzipOptions): Uint8Array {
  const { source } = options;
  const maxBytes = options.maxBytes ?? MAX_GUNZIP_BYTES;
  const bytes = input instanceof Uint8Array ? arraySource(input) : input;
  const length = bytes.byteLength;
  const header = new Uint8Array(Math.min(length, HEADER_BYTES));
  bytes.readInto(0, header);
  if (!isGzip(header)) throw new DataError('not gzip data (no 0x1f8b magic)', source, undefined, 0);
  if (length < HEADER_BYTES + TRAILER_BYTES) throw new DataError(`corrupt gzip data: ${length} bytes is too short for a gzip stream`, source);
  if (header[2] !== 8) throw new DataError(`corrupt gzip data: compression method ${header[2]} is not deflate (8)`, source, undefined, 2);
  const trailer = new Uint8Array(TRAILER_BYTES);
  bytes.readInto(length - TRAILER_BYTES, trailer);
  const view = new DataView(trailer.buffer);
  const expectedCrc = view.getUint32(0, true);
  const size = view.getUint32(4, true);
  if (size > length * MAX_DEFLATE_RATIO) {
    throw new DataError(`corrupt gzip data: the trailer claims ${size} bytes, impossible from ${length} compressed bytes (truncated?)`, source);
  }
  if (size > maxBytes) {
    throw new DataError(`gzip data would decompress to ${size} bytes, more than the limit of ${maxBytes}`, source);
  }
  const bodyStart = afterHeader(bytes, header[3]!, length - TRAILER_BYTES, source);
  const out = options.allocate ? options.allocate(size) : new Uint8Array(size);
  let result: { written: number; end: number };
  try {
    result = inflate(bytes, bodyStart, length - TRAILER_BYTES, out);
  } catch (e) {
    if (e instanceof InflateOverflowError) throw new DataError(`corrupt gzip data: the stream holds more than the ${size} bytes the trailer claims`, source);
    if (e instanceof InflateError) throw new DataError(`corrupt gzip data: ${e.message}`, source);
    throw e;
  }
  const after = length - (result.end + TRAILER_BYTES);
  if (after > 0) {
    const next = new Uint8Array(Math.min(2, after));
    bytes.readInto(result.end + TRAILER_BYTES, next);
    if (isGzip(next)) {
      throw new DataError(`corrupt gzip data: a second gzip member starts at byte ${result.end + TRAILER_BYTES}; concatenated members are not supported`, source);
    }
    throw new DataError(`corrupt gzip data: ${after} bytes between the end of the compressed stream and the trailer (the last 8 bytes)`, source, undefined, result.end);
  }
  if (result.written !== size) {
    throw new DataError(`corrupt gzip data: decompressed to ${result.written} bytes, the trailer says ${size}`, source);
  }
  if (crc32(out) !== expectedCrc) throw new DataError('corrupt gzip data: CRC-32 check failed', source);
  return out;
}

/**
 * Where the deflate stream starts: after the 10-byte header and the optional fields its flags announce
 * (extra field, file name, comment, header CRC), which must end by `limit` (the trailer).
 */
function afterHeader(bytes: ByteSource, flags: number, limit: number, source: string): number {
  let at = HEADER_BYTES;
  if (flags & FEXTRA) {
    if (at + 2 > limit) throw runsIntoTrailer(source);
    const xlen = new Uint8Array(2);
    bytes.readInto(at, xlen);
    at += 2 + (xlen[0]! | (xlen[1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) if (flags & flag) at = afterZero(bytes, at, limit, source);
  if (flags & FHCRC) at += 2;
  if (at > limit) throw runsIntoTrailer(source);
  return at;
}

/** The position after the first zero byte at or after `at` (a zero-terminated header field). */
function afterZero(bytes: ByteSource, at: number, limit: number, source: string): number {
  const piece = new Uint8Array(256);
  while (at < limit) {
    const part = piece.subarray(0, Math.min(piece.length, limit - at));
    bytes.readInto(at, part);
    const zero = part.indexOf(0);
    if (zero >= 0) return at + zero + 1;
    at += part.length;
  }
  throw runsIntoTrailer(source);
}

function runsIntoTrailer(source: string): DataError {
  return new DataError('corrupt gzip data: the header fields run into the trailer', source);
}
