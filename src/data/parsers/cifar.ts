import { DataError } from '../../errors.js';
import type { LabeledSet } from '../dataset.js';
import { DenseFeatures } from '../features.js';

/** CIFAR-10's binary records: 1 label byte, then 32×32 pixels of red, then green, then blue (3072 bytes). */
export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE * 3;
export const CIFAR_RECORD = 1 + CIFAR_PIXELS;
export const CIFAR10_CLASSES: readonly string[] = Object.freeze(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);

/** One batch file: its labels and its pixels, [records, 3072] as stored (channel planes). */
export interface CifarBatch {
  labels: Uint8Array;
  pixels: Uint8Array;
}

/**
 * Reads one CIFAR-10 binary batch (data_batch_1.bin … test_batch.bin). The length must be a whole number of
 * 3073-byte records and every label below 10; errors name `source` and the record's byte offset.
 */
export function parseCifarBatch(bytes: Uint8Array, source: string): CifarBatch {
  if (bytes.length === 0) throw new DataError('empty file: a CIFAR-10 batch holds 3073-byte records', source);
  if (bytes.length % CIFAR_RECORD !== 0) {
    const whole = Math.floor(bytes.length / CIFAR_RECORD);
    throw new DataError(`${bytes.length} bytes is not a whole number of 3073-byte records (${whole} and ${bytes.length - whole * CIFAR_RECORD} bytes over): truncated or not a CIFAR-10 batch`, source, undefined, whole * CIFAR_RECORD);
  }
  const records = bytes.length / CIFAR_RECORD;
  for (let r = 0; r < records; r++) {
    const label = bytes[r * CIFAR_RECORD]!;
    if (label >= CIFAR10_CLASSES.length) {
      throw new DataError(`record ${r} has label ${label}; CIFAR-10 labels are 0–9 (is this CIFAR-100, whose records have two label bytes?)`, source, undefined, r * CIFAR_RECORD);
    }
  }
  const labels = new Uint8Array(records);
  const pixels = new Uint8Array(records * CIFAR_PIXELS);
  for (let r = 0; r < records; r++) {
    labels[r] = bytes[r * CIFAR_RECORD]!;
    pixels.set(bytes.subarray(r * CIFAR_RECORD + 1, (r + 1) * CIFAR_RECORD), r * CIFAR_PIXELS);
  }
  return { labels, pixels };
}

/**
 * Batches joined into one set: features are the 3072 bytes of each image as stored (red plane, green plane,
 * blue plane), imageShape [32, 32, 3].
 */
export function cifarSet(batches: readonly CifarBatch[], source: string): LabeledSet {
  const records = batches.reduce((n, b) => n + b.labels.length, 0);
  if (records === 0) throw new DataError('no CIFAR-10 records', source);
  const pixels = new Uint8Array(records * CIFAR_PIXELS);
  const targets = new Float64Array(records);
  let at = 0;
  for (const b of batches) {
    pixels.set(b.pixels, at * CIFAR_PIXELS);
    targets.set(b.labels, at);
    at += b.labels.length;
  }
  const planes = ['red', 'green', 'blue'];
  const featureNames = Array.from({ length: CIFAR_PIXELS }, (_, i) => `${planes[Math.floor(i / 1024)]}_${Math.floor((i % 1024) / CIFAR_SIDE)}_${i % CIFAR_SIDE}`);
  return {
    source,
    features: new DenseFeatures(pixels, records, CIFAR_PIXELS),
    featureNames,
    targetName: 'label',
    targets,
    classNames: CIFAR10_CLASSES,
    imageShape: [CIFAR_SIDE, CIFAR_SIDE, 3],
  };
}
