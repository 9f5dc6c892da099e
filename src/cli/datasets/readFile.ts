import { readFileSync, statSync } from 'node:fs';
import { DataError } from '../../errors.js';
import type { LabeledSet } from '../../data/dataset.js';
import { parseDelimited } from '../../data/parsers/delimited.js';

/**
 * The bytes of a file, with one-line errors: "no such file: <path>", "<path> is a directory, not a file",
 * "cannot read <path>: permission denied".
 */
export function readFileBytes(path: string): Uint8Array {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    throw fileError(path, e);
  }
  if (!isFile) throw new DataError(`${path} is a directory, not a file`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
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
