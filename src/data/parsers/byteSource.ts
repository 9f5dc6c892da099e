/**
 * Bytes read a piece at a time, wherever they are: an array in memory, or a file the CLI reads in
 * chunks (so a compressed file need not be in memory whole while it is decompressed).
 */
export interface ByteSource {
  /** Bytes in the source. */
  readonly byteLength: number;
  /**
   * Copies bytes [position, position + out.length) of the source into `out`. The range must lie inside
   * the source; a source that cannot deliver it throws (a DataError naming the file, for files).
   */
  readInto(position: number, out: Uint8Array): void;
}

/** An array as a ByteSource (reads copy out of it; the array itself is not copied). */
export function arraySource(bytes: Uint8Array): ByteSource {
  return {
    byteLength: bytes.length,
    readInto(position: number, out: Uint8Array): void {
      if (!(position >= 0 && position + out.length <= bytes.length)) {
        throw new RangeError(`arraySource: bytes [${position}, ${position + out.length}) are outside the ${bytes.length} bytes`);
      }
      out.set(bytes.subarray(position, position + out.length));
    },
  };
}

/** The first `count` bytes of `source` (fewer when it is shorter), in a new array. */
export function headOf(source: ByteSource, count: number): Uint8Array {
  const head = new Uint8Array(Math.min(count, source.byteLength));
  source.readInto(0, head);
  return head;
}
