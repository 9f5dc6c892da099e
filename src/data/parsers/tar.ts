import { DataError } from '../../errors.js';

/** One member of a tar archive; `data` is a view into the archive's bytes, not a copy. */
export interface TarEntry {
  /** The path as stored (the ustar prefix joined on), e.g. "cifar-10-batches-bin/test_batch.bin". */
  readonly name: string;
  readonly type: 'file' | 'directory' | 'other';
  /** Byte offset of the entry's header in the archive. */
  readonly offset: number;
  readonly data: Uint8Array;
}

const BLOCK = 512;
/** Type flags of regular files: '0', NUL (old tars) and '7' (contiguous file). */
const FILE_TYPES = new Set([0x30, 0x00, 0x37]);
const DIRECTORY_TYPE = 0x35;
/** Hard and symbolic links, devices and FIFOs: their data (none) is skipped. */
const OTHER_TYPES = new Set([0x31, 0x32, 0x33, 0x34, 0x36]);
/** Headers that change how the next entry is read; they are refused rather than misread. */
const EXTENSION_TYPES: Record<number, string> = { 0x78: 'a pax extended header', 0x67: 'a pax global header', 0x4c: 'a GNU long name', 0x4b: 'a GNU long link name' };

/**
 * Lists the entries of an uncompressed tar archive (POSIX ustar or GNU tar). Each header's magic and checksum
 * are verified and each entry must lie within the bytes; the archive ends at a zero block (after which only
 * zero padding may follow) or exactly at the end of the input. pax and GNU long-name headers are refused.
 * Errors are DataErrors naming `source` and the byte offset of the bad header.
 */
export function readTar(bytes: Uint8Array, source: string): TarEntry[] {
  if (bytes.length === 0) throw new DataError('empty file: not a tar archive', source);
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < BLOCK) {
      throw new DataError(`truncated tar archive: ${bytes.length - offset} bytes left where a 512-byte header should start`, source, undefined, offset);
    }
    const header = bytes.subarray(offset, offset + BLOCK);
    if (isZero(header)) {
      const junk = bytes.subarray(offset).findIndex((b) => b !== 0);
      if (junk >= 0) throw new DataError('data after the end-of-archive block', source, undefined, offset + junk);
      break;
    }
    checkHeader(header, source, offset);
    const size = octal(header, 124, 12, 'size', source, offset);
    const typeFlag = header[156]!;
    const dataStart = offset + BLOCK;
    if (size > bytes.length - dataStart) {
      throw new DataError(`truncated tar archive: an entry claims ${size} bytes, ${bytes.length - dataStart} remain`, source, undefined, offset);
    }
    const extension = EXTENSION_TYPES[typeFlag];
    if (extension !== undefined) throw new DataError(`${extension} (type '${String.fromCharCode(typeFlag)}') is not supported`, source, undefined, offset);
    const type = FILE_TYPES.has(typeFlag) ? 'file' : typeFlag === DIRECTORY_TYPE ? 'directory' : OTHER_TYPES.has(typeFlag) ? 'other' : undefined;
    if (type === undefined) throw new DataError(`unknown tar entry type 0x${typeFlag.toString(16).padStart(2, '0')}`, source, undefined, offset + 156);
    entries.push({ name: entryName(header), type, offset, data: bytes.subarray(dataStart, dataStart + size) });
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/** The magic ("ustar\0" of POSIX or "ustar " of GNU) and the header checksum. */
function checkHeader(header: Uint8Array, source: string, offset: number): void {
  if (text(header, 257, 5) !== 'ustar') throw new DataError('not a tar header (no "ustar" magic)', source, undefined, offset);
  const stored = octal(header, 148, 8, 'checksum', source, offset);
  // The checksum is the sum of the header's bytes with its own field read as spaces; some old tars summed
  // signed bytes, which is accepted too.
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : header[i]!;
    unsigned += b;
    signed += b < 128 ? b : b - 256;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new DataError(`tar header checksum ${stored} does not match its bytes (${unsigned}): a corrupt archive`, source, undefined, offset);
  }
}

/** POSIX ustar puts a path's leading folders in the prefix field (GNU tar uses that space for other things). */
function entryName(header: Uint8Array): string {
  const name = text(header, 0, 100);
  const posix = header[262] === 0 && text(header, 263, 2) === '00';
  const prefix = posix ? text(header, 345, 155) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** A NUL-terminated field as text. */
function text(header: Uint8Array, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

/** An octal number field: digits, optionally padded with spaces and ended by a NUL or space. */
function octal(header: Uint8Array, start: number, length: number, what: string, source: string, offset: number): number {
  const raw = text(header, start, length).trim();
  if (!/^[0-7]{1,12}$/.test(raw)) {
    const shown = header[start]! & 0x80 ? 'a base-256 number' : JSON.stringify(raw);
    throw new DataError(`tar header ${what} field is ${shown}, not an octal number`, source, undefined, offset + start);
  }
  return parseInt(raw, 8);
}

function isZero(block: Uint8Array): boolean {
  for (const b of block) if (b !== 0) return false;
  return true;
}
