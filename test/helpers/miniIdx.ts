import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** An IDX file (big-endian header: 0, 0, type 0x08 = unsigned bytes, rank; then each dimension) with these bytes. */
function idx(dims: number[], bytes: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, bytes]));
}

/**
 * Writes the first `trainRows` and `testRows` examples of an MNIST-format dataset in `from` as a smaller
 * dataset of the same file names into `to`: a quick stand-in for CLI tests of image models.
 */
export function writeMiniIdx(from: string, to: string, trainRows: number, testRows: number): void {
  for (const [split, rows] of [['train', trainRows], ['t10k', testRows]] as const) {
    const images = gunzipSync(readFileSync(join(from, `${split}-images-idx3-ubyte.gz`)));
    const labels = gunzipSync(readFileSync(join(from, `${split}-labels-idx1-ubyte.gz`)));
    writeFileSync(join(to, `${split}-images-idx3-ubyte.gz`), idx([rows, 28, 28], images.subarray(16, 16 + rows * 784)));
    writeFileSync(join(to, `${split}-labels-idx1-ubyte.gz`), idx([rows], labels.subarray(8, 8 + rows)));
  }
}
