import { Gunzip } from 'fflate';
import { DataError } from '../../errors.js';
import { crc32 } from './crc32.js';

/** Decompressed data larger than this is refused (a gzip bomb, or not a dataset). */
export const MAX_GUNZIP_BYTES = 1 << 30;

/** Deflate expands at most about 1032:1, so a trailer claiming more is corrupt (or the file is cut short). */
const MAX_DEFLATE_RATIO = 1032;

export interface GunzipOptions {
  /** Named in errors. */
  source: string;
  /** The largest decompressed size accepted. @default MAX_GUNZIP_BYTES (1 GiB) */
  maxBytes?: number;
}

/** True when `bytes` start with the gzip magic 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * An empty gzip member (header, the empty deflate block 03 00, zero CRC and size) pushed after the input:
 * the streaming decoder reports where it starts only if the input's own member ended exactly at its end.
 */
const END_MARKER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0);

/** Compressed bytes decoded per step (see gunzip). */
const MIN_CHUNK = 4 * 1024;
const MAX_CHUNK = 64 * 1024;

/** Raised from the decoder's callback when the stream holds more than the trailer claims. */
class Overflow extends Error {}

/**
 * Decompresses one gzip member. The size in the trailer (ISIZE) is checked against `maxBytes`
 * before anything is allocated, and the output is checked against the trailer's size and CRC-32,
 * so a truncated, corrupt or oversized stream is a DataError rather than garbage.
 *
 * The input is decoded in chunks and decoding stops as soon as the output passes the trailer's size,
 * so a trailer that lies (a bomb claiming a few bytes) costs no more work or memory than it claims.
 * The member must end exactly at the end of the input: concatenated members and bytes after the
 * trailer are refused.
 */
export function gunzip(bytes: Uint8Array, options: GunzipOptions): Uint8Array {
  const { source } = options;
  const maxBytes = options.maxBytes ?? MAX_GUNZIP_BYTES;
  if (!isGzip(bytes)) throw new DataError('not gzip data (no 0x1f8b magic)', source, undefined, 0);
  if (bytes.length < 18) throw new DataError(`corrupt gzip data: ${bytes.length} bytes is too short for a gzip stream`, source);
  if (bytes[2] !== 8) throw new DataError(`corrupt gzip data: compression method ${bytes[2]} is not deflate (8)`, source, undefined, 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expectedCrc = view.getUint32(bytes.length - 8, true);
  const size = view.getUint32(bytes.length - 4, true);
  if (size > bytes.length * MAX_DEFLATE_RATIO) {
    throw new DataError(`corrupt gzip data: the trailer claims ${size} bytes, impossible from ${bytes.length} compressed bytes (truncated?)`, source);
  }
  if (size > maxBytes) {
    throw new DataError(`gzip data would decompress to ${size} bytes, more than the limit of ${maxBytes}`, source);
  }
  const out = new Uint8Array(size);
  let written = 0;
  const members: number[] = [];
  const decoder = new Gunzip((chunk) => {
    if (chunk.length > size - written) throw new Overflow();
    out.set(chunk, written);
    written += chunk.length;
  });
  decoder.onmember = (offset) => members.push(offset);
  // One chunk can expand ~1032-fold before the size check sees it, so a lying trailer makes the decoder
  // produce at most ~4 MiB, or a quarter of the size it claims, beyond that size. (Much smaller chunks
  // would make the decoder recopy stored blocks, up to 64 KiB each, for every chunk.)
  const chunkBytes = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(size / 4096)));
  try {
    for (let at = 0; at < bytes.length && members.length === 0; at += chunkBytes) {
      decoder.push(bytes.subarray(at, Math.min(at + chunkBytes, bytes.length)), false);
    }
    if (members.length === 0) decoder.push(END_MARKER, true);
  } catch (e) {
    if (members[0] !== undefined && members[0] < bytes.length) throw concatenated(members[0], source);
    if (e instanceof Overflow) throw new DataError(`corrupt gzip data: the stream holds more than the ${size} bytes the trailer claims`, source);
    throw new DataError(`corrupt gzip data: ${(e as Error).message}`, source);
  }
  if (members[0] === undefined) throw new DataError('corrupt gzip data: the compressed stream does not end at the trailer', source);
  if (members[0] !== bytes.length) throw concatenated(members[0], source);
  if (written !== size) {
    throw new DataError(`corrupt gzip data: decompressed to ${written} bytes, the trailer says ${size}`, source);
  }
  if (crc32(out) !== expectedCrc) throw new DataError('corrupt gzip data: CRC-32 check failed', source);
  return out;
}

function concatenated(offset: number, source: string): DataError {
  return new DataError(`corrupt gzip data: a second gzip member starts at byte ${offset}; concatenated members are not supported`, source);
}
