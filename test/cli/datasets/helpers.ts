/** Temporary folders and MNIST-style file sets for the dataset tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gz, tinyMnist } from '../../data/fixtures.js';

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'platypus-datasets-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The four files of a tiny MNIST-style dataset (train 6 images, test 4), gzipped, by published name. */
export function tinyDatasetFiles(): Record<string, Uint8Array> {
  const train = tinyMnist(6);
  const test = tinyMnist(4);
  return {
    'train-images-idx3-ubyte.gz': gz(train.images),
    'train-labels-idx1-ubyte.gz': gz(train.labels),
    't10k-images-idx3-ubyte.gz': gz(test.images),
    't10k-labels-idx1-ubyte.gz': gz(test.labels),
  };
}

/** Writes some of the files into `dir` (created), optionally under other names. */
export function writeFiles(dir: string, files: Record<string, Uint8Array>, rename: (name: string) => string = (n) => n): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, rename(name)), bytes);
}

export function pick(files: Record<string, Uint8Array>, names: readonly string[]): Record<string, Uint8Array> {
  return Object.fromEntries(names.map((n) => [n, files[n]!]));
}

export const TEST_NAMES = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
export const TRAIN_NAMES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'];
