/** Helpers shared by the data tests: the repo's shared data folder and small hand-made IDX files. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';

/**
 * A path under /work/shared/data (this file compiles to dist/test/data/fixtures.js, so the repo
 * root is ../../../ and its sibling `shared` is ../../../../shared), or undefined when absent.
 */
export function sharedData(relative: string): string | undefined {
  const path = fileURLToPath(new URL(`../../../../shared/data/${relative}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** Debian's Fashion-MNIST, when installed. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/** An IDX file of unsigned bytes: magic 00 00 08 rank, big-endian dims, then the values. */
export function makeIdx(dims: readonly number[], values: ArrayLike<number>, typeCode = 0x08): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(Array.from(values), header);
  return out;
}

/** A tiny images/labels pair: n images of h×w whose pixels are (i + r·w + c) mod 256, labels i mod classes. */
export function tinyMnist(n: number, h = 3, w = 2, classes = 10): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(n * h * w);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % classes;
  return { images: makeIdx([n, h, w], pixels), labels: makeIdx([n], labels) };
}

export function gz(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
