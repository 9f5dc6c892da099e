/** Generated CIFAR-10 data for the tests: binary batches, a folder of them, and tar archives. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RECORD = 3073;

/** Records with the given labels and seeded random pixels (channel-planar, as the files store them). */
export function cifarRecords(labels: readonly number[], seed = 1): Uint8Array {
  const out = new Uint8Array(labels.length * RECORD);
  let state = seed >>> 0 || 1;
  labels.forEach((label, k) => {
    out[k * RECORD] = label;
    for (let p = 1; p < RECORD; p++) {
      // xorshift32: enough randomness for test pixels, and reproducible
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[k * RECORD + p] = state & 0xff;
    }
  });
  return out;
}

/** Labels 0, 1, …, 9, 0, 1, … shifted by `offset`. */
export function cyclingLabels(n: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => (i + offset) % 10);
}

export const TRAIN_BATCHES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const TEST_BATCH = 'test_batch.bin';
export const META = 'batches.meta.txt';

/** The six batch files (train batches of `perBatch` records, the test batch of `testRecords`), by name. */
export function cifarFiles(perBatch: number, testRecords = perBatch): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  TRAIN_BATCHES.forEach((name, b) => (files[name] = cifarRecords(cyclingLabels(perBatch, b), 10 + b)));
  files[TEST_BATCH] = cifarRecords(cyclingLabels(testRecords, 7), 99);
  return files;
}

export function writeCifarFiles(dir: string, files: Record<string, Uint8Array | string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

export interface TarMember {
  name: string;
  data?: Uint8Array;
  /** The type flag: '0' a file (default), '5' a directory, 'x' a pax header, … */
  type?: string;
  /** Written into the size field instead of the data's length (the checksum still fits the header). */
  sizeField?: string;
}

/**
 * A GNU-style tar archive ("ustar  " magic) of the members, ended by two zero blocks; `posixPrefix` writes
 * POSIX ustar headers and puts the part of each name before its last '/' in the prefix field instead.
 */
export function makeTar(members: readonly TarMember[], options: { posixPrefix?: boolean } = {}): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const m of members) {
    const data = m.data ?? new Uint8Array(0);
    const header = new Uint8Array(512);
    const put = (text: string, at: number): void => header.set(new TextEncoder().encode(text), at);
    let name = m.name;
    if (options.posixPrefix) {
      const slash = name.lastIndexOf('/');
      if (slash > 0) {
        put(name.slice(0, slash), 345);
        name = name.slice(slash + 1);
      }
      put('ustar\0', 257);
      put('00', 263);
    } else {
      put('ustar  \0', 257);
    }
    put(name, 0);
    put('0000644\0', 100);
    put('0001750\0', 108);
    put('0001750\0', 116);
    put(m.sizeField ?? `${data.length.toString(8).padStart(11, '0')}\0`, 124);
    put('14674151413\0', 136);
    put(m.type ?? '0', 156);
    put('        ', 148);
    const sum = header.reduce((s, b) => s + b, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
