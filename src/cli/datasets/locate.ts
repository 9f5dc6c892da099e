import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type IdxDataset, SPLIT_FILES, type SplitFile, TEST_FILES } from './catalog.js';

/** Paths of the split files found in one directory. */
export type FoundFiles = Partial<Record<SplitFile, string>>;

/**
 * The names a split file may have on disk: as published (`train-images-idx3-ubyte.gz`),
 * uncompressed (`train-images-idx3-ubyte`), and with a dot as some mirrors spell it
 * (`train-images.idx3-ubyte`).
 */
export function fileNameVariants(published: string): string[] {
  const plain = published.replace(/\.gz$/, '');
  const dotted = plain.replace(/-(idx\d-ubyte)$/, '.$1');
  return [...new Set([published, plain, dotted, `${dotted}.gz`])];
}

/** Which of the dataset's files are in `dir` (no error when the directory does not exist). */
export function findDatasetFiles(dir: string, dataset: IdxDataset): FoundFiles {
  const found: FoundFiles = {};
  for (const split of SPLIT_FILES) {
    for (const name of fileNameVariants(dataset.files[split])) {
      const path = join(dir, name);
      if (isFile(path)) {
        found[split] = path;
        break;
      }
    }
  }
  return found;
}

export function hasAll(found: FoundFiles, splits: readonly SplitFile[] = SPLIT_FILES): boolean {
  return splits.every((s) => found[s] !== undefined);
}

export function hasTest(found: FoundFiles): boolean {
  return hasAll(found, TEST_FILES);
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
