import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/…). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A file under ../shared/data (the book's sets, MNIST test files), for tests only. */
export function sharedData(relative: string): string {
  return fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
}

export function available(path: string): boolean {
  return existsSync(path);
}

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
