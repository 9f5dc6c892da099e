import { DataError } from '../../errors.js';
import type { LabeledSet } from '../dataset.js';
import { DenseFeatures } from '../features.js';
import { decodeUtf8 } from './utf8.js';

/** CIFAR-10's binary records: 1 label byte, then 32×32 pixels of red, then green, then blue (3072 bytes). */
export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE * 3;
export const CIFAR_RECORD = 1 + CIFAR_PIXELS;
export const CIFAR10_CLASSES: readonly string[] = Object.freeze(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);

/** Pixels in one colour plane of a record (32·32). */
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
/** Longer lines in batches.meta.txt are refused: class names are words. */
const MAX_CLASS_NAME_CHARS = 200;

/**
 * One batch file: its labels, and its pixels [records, 32, 32, 3] in height-width-channel order (HWC: the value
 * of channel c at row y, column x of record r is at r·3072 + (y·32 + x)·3 + c), as the image layers expect.
 */
export interface CifarBatch {
  labels: Uint8Array;
  pixels: Uint8Array;
}

/**
 * Reads one CIFAR-10 binary batch (data_batch_1.bin … test_batch.bin). The length must be a whole number of
 * 3073-byte records and every label below 10; errors name `source` and the record's byte offset. The file
 * stores each image channel by channel (1024 red, 1024 green, 1024 blue bytes); the pixels are transposed
 * to HWC while they are copied.
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
    const from = r * CIFAR_RECORD;
    labels[r] = bytes[from]!;
    const red = from + 1;
    const green = red + PLANE;
    const blue = green + PLANE;
    let to = r * CIFAR_PIXELS;
    for (let p = 0; p < PLANE; p++) {
      pixels[to++] = bytes[red + p]!;
      pixels[to++] = bytes[green + p]!;
      pixels[to++] = bytes[blue + p]!;
    }
  }
  return { labels, pixels };
}

/**
 * Reads batches.meta.txt: the ten class names, one a line, in label order (blank lines and surrounding
 * spaces are ignored). Anything but ten distinct names is a DataError naming `source`.
 */
export function parseCifarClassNames(bytes: Uint8Array, source: string): string[] {
  const lines = decodeUtf8(bytes, source).split(/\r\n|\r|\n/);
  const names: string[] = [];
  lines.forEach((line, i) => {
    const name = line.trim();
    if (name === '') return;
    if (name.length > MAX_CLASS_NAME_CHARS) throw new DataError(`line longer than ${MAX_CLASS_NAME_CHARS} characters: not a class name`, source, i + 1);
    if (names.includes(name)) throw new DataError(`class name "${name}" appears twice`, source, i + 1);
    names.push(name);
  });
  if (names.length !== CIFAR10_CLASSES.length) {
    throw new DataError(`expected ${CIFAR10_CLASSES.length} class names, one a line, found ${names.length}`, source);
  }
  return names;
}

export interface CifarSetOptions {
  /** The names of labels 0 … 9 (e.g. from batches.meta.txt). @default CIFAR10_CLASSES */
  classNames?: readonly string[];
}

/**
 * Batches joined into one set: features are the 3072 bytes of each image in HWC order (see CifarBatch), named
 * `red_y_x`, `green_y_x`, `blue_y_x`; imageShape [32, 32, 3].
 */
export function cifarSet(batches: readonly CifarBatch[], source: string, options: CifarSetOptions = {}): LabeledSet {
  const classNames = options.classNames ?? CIFAR10_CLASSES;
  if (classNames.length !== CIFAR10_CLASSES.length) {
    throw new DataError(`CIFAR-10 has ${CIFAR10_CLASSES.length} classes, ${classNames.length} class names were given`, source);
  }
  const records = batches.reduce((n, b) => n + b.labels.length, 0);
  if (records === 0) throw new DataError('no CIFAR-10 records', source);
  const pixels = new Uint8Array(records * CIFAR_PIXELS);
  const targets = new Float64Array(records);
  let at = 0;
  for (const b of batches) {
    if (b.pixels.length !== b.labels.length * CIFAR_PIXELS) {
      throw new DataError(`a batch of ${b.labels.length} labels holds ${b.pixels.length} pixel bytes, not ${b.labels.length * CIFAR_PIXELS}`, source);
    }
    pixels.set(b.pixels, at * CIFAR_PIXELS);
    targets.set(b.labels, at);
    at += b.labels.length;
  }
  const channels = ['red', 'green', 'blue'];
  const featureNames = Array.from({ length: CIFAR_PIXELS }, (_, i) => {
    const p = Math.floor(i / 3);
    return `${channels[i % 3]}_${Math.floor(p / CIFAR_SIDE)}_${p % CIFAR_SIDE}`;
  });
  return {
    source,
    features: new DenseFeatures(pixels, records, CIFAR_PIXELS),
    featureNames,
    targetName: 'label',
    targets,
    classNames: [...classNames],
    imageShape: [CIFAR_SIDE, CIFAR_SIDE, 3],
  };
}
