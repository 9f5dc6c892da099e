import { DataError } from '../../errors.js';

/**
 * Decodes UTF-8 bytes strictly: any malformed sequence is a DataError naming the
 * 1-based line and the byte offset of the first bad byte. A leading byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { offset, line } = firstInvalidUtf8(bytes);
    const byte = bytes[offset];
    const shown = byte === undefined ? 'an incomplete sequence at the end' : `byte 0x${byte.toString(16).padStart(2, '0')}`;
    throw new DataError(`not valid UTF-8 text (${shown} at byte offset ${offset}); save the file as UTF-8`, source, line);
  }
}

/** Where the first malformed UTF-8 sequence starts, and on which 1-based line. */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number } {
  let line = 1;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // above U+10FFFF
    } else return { offset: i, line };
    if (i + length > n) return { offset: i, line };
    const second = bytes[i + 1]!;
    if (second < low || second > high) return { offset: i, line };
    for (let k = 2; k < length; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return { offset: i, line };
    }
    i += length;
  }
  return { offset: n, line };
}
