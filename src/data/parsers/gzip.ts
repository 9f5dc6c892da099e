import { gunzipSync } from 'fflate';
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
 * Decompresses one gzip member. The size in the trailer (ISIZE) is checked against `maxBytes`
 * before anything is allocated, and the output is checked against the trailer's size and CRC-32,
 * so a truncated, corrupt or oversized stream is a DataError rather than garbage.
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
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { out: new Uint8Array(size) });
  } catch (e) {
    throw new DataError(`corrupt gzip data: ${(e as Error).message}`, source);
  }
  if (out.length !== size) {
    throw new DataError(`corrupt gzip data: decompressed to ${out.length} bytes, the trailer says ${size}`, source);
  }
  if (crc32(out) !== expectedCrc) throw new DataError('corrupt gzip data: CRC-32 check failed', source);
  return out;
}
