import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { DataError } from '../../errors.js';
import type { LabeledSet } from '../../data/dataset.js';
import type { ByteSource } from '../../data/parsers/byteSource.js';
import { parseDelimited } from '../../data/parsers/delimited.js';

/**
 * The bytes of a file, with one-line errors: "no such file: <path>", "<path> is a directory, not a file",
 * "cannot read <path>: permission denied".
 */
export function readFileBytes(path: string): Uint8Array {
  requireFile(path);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
}

/**
 * Calls `use` with the file as a ByteSource whose reads go to the file (which stays open until `use`
 * returns), so a parser can read it a piece at a time instead of holding all of it: gunzip then keeps
 * only its output and a 64 KiB buffer in memory. Errors as readFileBytes's; a file that shrinks
 * while it is read is a DataError too.
 */
export function withFileSource<T>(path: string, use: (source: ByteSource) => T): T {
  requireFile(path);
  let fd: number;
  let byteLength: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError(path, e);
  }
  try {
    try {
      byteLength = fstatSync(fd).size;
    } catch (e) {
      throw fileError(path, e);
    }
    const source: ByteSource = {
      byteLength,
      readInto(position: number, out: Uint8Array): void {
        for (let done = 0; done < out.length; ) {
          let got: number;
          try {
            got = readSync(fd, out, done, out.length - done, position + done);
          } catch (e) {
            throw fileError(path, e);
          }
          if (got === 0) throw new DataError(`cannot read ${path}: it ended at byte ${position + done}, before the ${byteLength} bytes it had when opened`);
          done += got;
        }
      },
    };
    return use(source);
  } finally {
    closeSync(fd);
  }
}

function requireFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    throw fileError(path, e);
  }
  if (!isFile) throw new DataError(`${path} is a directory, not a file`);
}

/** Reads and parses a delimited text file (see parseDelimited); the path is the source in errors. */
export function readDataFile(path: string, options: { label?: string; classNames?: readonly string[] } = {}): LabeledSet {
  return parseDelimited(readFileBytes(path), {
    source: path,
    ...(options.label !== undefined ? { label: options.label } : {}),
    ...(options.classNames !== undefined ? { classNames: options.classNames } : {}),
  });
}

function fileError(path: string, e: unknown): DataError {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new DataError(`no such file: ${path}`);
    case 'ENOTDIR':
      return new DataError(`no such file: ${path} (a parent is not a directory)`);
    case 'EISDIR':
      return new DataError(`${path} is a directory, not a file`);
    case 'EACCES':
    case 'EPERM':
      return new DataError(`cannot read ${path}: permission denied`);
    case 'ERR_FS_FILE_TOO_LARGE':
      return new DataError(`cannot read ${path}: the file is too large`);
    default:
      return new DataError(`cannot read ${path}: ${(e as Error).message}`);
  }
}
