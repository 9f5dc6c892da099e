import { DataError } from '../../errors.js';
import type { LabeledSet } from '../dataset.js';
import { DenseFeatures } from '../features.js';
import { type ByteSource, headOf } from './byteSource.js';
import { type GunzipOptions, gunzip, isGzip } from './gzip.js';

/** An IDX array: its dimensions and its unsigned bytes, row-major. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

export interface IdxOptions {
  /** Named in errors. */
  source: string;
  /** The largest decompressed size accepted for gzipped input. @default 1 GiB */
  maxBytes?: number;
  /**
   * Makes the array a file's contents are read or decompressed into (e.g. allocateBytesForKernels, so the
   * kernels gather batches from it in place). Not used for an input array that is not gzipped: that is the data.
   * @default new Uint8Array
   */
  allocate?: (length: number) => Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const UNSIGNED_BYTE = 0x08;
/** Ranks above this are refused as a corrupt header. */
const MAX_RANK = 8;

/**
 * Parses an IDX file (the MNIST format), gzipped or not: magic 00 00 <type> <rank>, then `rank`
 * big-endian uint32 dimensions, then the values. Only unsigned bytes (type 0x08) are supported.
 * The header is checked against the data length before anything is allocated; byte offsets in
 * errors count from the start of the (decompressed) IDX data. `data` is a view, not a copy.
 *
 * `input` may be a ByteSource (a file read in pieces): a gzipped one is decompressed without ever
 * holding the compressed bytes whole; an uncompressed one is read into one array.
 */
export function parseIdx(input: Uint8Array | ByteSource, options: IdxOptions): IdxArray {
  const { source } = options;
  const gzOptions = {
    source,
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.allocate ? { allocate: options.allocate } : {}),
  };
  const raw = input instanceof Uint8Array ? (isGzip(input) ? gunzip(input, gzOptions) : input) : sourceBytes(input, gzOptions);
  if (raw.length < 4) throw new DataError(`too short for an IDX header: ${raw.length} bytes`, source, undefined, 0);
  if (raw[0] !== 0 || raw[1] !== 0) {
    const magic = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DataError(`not an IDX file: magic number 0x${magic} should start with 0x0000`, source, undefined, 0);
  }
  const type = raw[2]!;
  if (type !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[type];
    const what = name ? `IDX type 0x${hex(type)} (${name}) is not supported` : `unknown IDX type code 0x${hex(type)}`;
    throw new DataError(`${what}; only unsigned bytes (0x08) are`, source, undefined, 2);
  }
  const rank = raw[3]!;
  if (rank < 1 || rank > MAX_RANK) throw new DataError(`IDX rank ${rank} is outside 1…${MAX_RANK}`, source, undefined, 3);
  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) {
    throw new DataError(`truncated header: rank ${rank} needs ${headerBytes} bytes, file has ${raw.length}`, source, undefined, 4);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let k = 0; k < rank; k++) {
    const d = view.getUint32(4 + 4 * k, false);
    if (d === 0) throw new DataError(`dimension ${k + 1} of ${rank} is 0`, source, undefined, 4 + 4 * k);
    dims.push(d);
    size *= d;
  }
  const available = raw.length - headerBytes;
  const says = `header says ${dims.join('×')} = ${size} bytes`;
  if (size > available) {
    throw new DataError(`truncated: ${says}, file has ${available} after the header`, source, undefined, headerBytes);
  }
  if (size < available) {
    throw new DataError(`${available - size} bytes of trailing data: ${says}, file has ${available} after the header`, source, undefined, headerBytes + size);
  }
  return { dims, data: raw.subarray(headerBytes) };
}

/** A source's bytes, decompressed when they are gzip data. */
function sourceBytes(input: ByteSource, gzOptions: GunzipOptions): Uint8Array {
  if (isGzip(headOf(input, 2))) return gunzip(input, gzOptions);
  const bytes = gzOptions.allocate ? gzOptions.allocate(input.byteLength) : new Uint8Array(input.byteLength);
  input.readInto(0, bytes);
  return bytes;
}

export interface ImagesAndLabelsOptions {
  /** Named in errors and kept as the set's source (e.g. the images file). */
  source: string;
  /** Names the labels file in errors about labels. @default source */
  labelsSource?: string;
  /** The class names; labels must be below their count. */
  classNames?: readonly string[];
}

/**
 * Pairs an images array [n, height, width] (or [n, height, width, channels]) with a labels array [n]
 * into a LabeledSet whose features are the bytes themselves, [n, height·width·channels], no float copy.
 */
export function imagesAndLabels(images: IdxArray, labels: IdxArray, options: ImagesAndLabelsOptions): LabeledSet {
  const { source, classNames } = options;
  const labelsSource = options.labelsSource ?? source;
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw new DataError(`images must have rank 3 [n, height, width] (or 4 with channels), got ${images.dims.join('×')}`, source);
  }
  if (labels.dims.length !== 1) throw new DataError(`labels must have rank 1 [n], got ${labels.dims.join('×')}`, labelsSource);
  checkFilled(images, source);
  checkFilled(labels, labelsSource);
  const [n, height, width, channels = 1] = images.dims as [number, number, number, number?];
  if (labels.dims[0] !== n) {
    const other = labelsSource === source ? '' : ` in ${labelsSource}`;
    throw new DataError(`${n} images but ${labels.dims[0]} labels${other}: the counts must agree`, source);
  }
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (classNames && label >= classNames.length) {
      const offset = 8 + i; // after a rank-1 header
      throw new DataError(`label ${label} of example ${i} is not below the number of classes (${classNames.length})`, labelsSource, undefined, offset);
    }
    targets[i] = label;
  }
  const cols = height * width * channels;
  return {
    source,
    features: new DenseFeatures(images.data, n, cols),
    featureNames: pixelNames(height, width, channels),
    targetName: 'label',
    targets,
    ...(classNames ? { classNames: [...classNames] } : {}),
    imageShape: [height, width, channels],
  };
}

/**
 * Checks that an array built by a caller (not by parseIdx) has whole dims ≥ 1 whose product is its byte
 * count, before anything is allocated from the dims.
 */
function checkFilled(array: IdxArray, source: string): void {
  let size = 1;
  for (const d of array.dims) {
    if (!(Number.isSafeInteger(d) && d >= 1)) throw new DataError(`dimension ${d} of ${array.dims.join('×')} is not a whole number ≥ 1`, source);
    size *= d;
  }
  if (size !== array.data.length) throw new DataError(`dims ${array.dims.join('×')} = ${size} values, but the data holds ${array.data.length} bytes`, source);
}

/** "pixel_r_c" (with "_ch" when there are several channels), row-major like the data. */
function pixelNames(height: number, width: number, channels: number): string[] {
  const names: string[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (channels === 1) names.push(`pixel_${r}_${c}`);
      else for (let ch = 0; ch < channels; ch++) names.push(`pixel_${r}_${c}_${ch}`);
    }
  }
  return names;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
