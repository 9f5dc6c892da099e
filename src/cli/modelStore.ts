import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { DataError, ModelError, UsageError } from '../errors.js';
import { type SavedModel, parseModelFile, serializeModel } from '../io/modelFile.js';

/** Model files larger than this are refused before reading (a 784→1200→10 float32 network is ~5 MB). */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024;

/**
 * Writes `text` to `path` atomically: a temporary file beside it, fsync, then rename over the target,
 * so a crash at any moment leaves either the old file or the new one, never a half-written one.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o644);
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${path}: ${err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.message}`);
  }
}

export function saveModel(path: string, saved: SavedModel): void {
  writeFileAtomic(path, serializeModel(saved));
}

/** Reads a file with errors that name it instead of a stack trace. */
export function readFileChecked(path: string, maxBytes: number): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new DataError(`is a directory, not a file`, path);
    size = st.size;
  } catch (e) {
    if (e instanceof DataError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new DataError(err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message, path);
  }
  if (size > maxBytes) throw new DataError(`file is ${size} bytes, more than the ${maxBytes} allowed`, path);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError((e as Error).message, path);
  }
}

export function loadModel(path: string): SavedModel {
  const bytes = readFileChecked(path, MAX_MODEL_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelError(`${path}: not a Platypus model file (not UTF-8 text)`);
  }
  return parseModelFile(text, path);
}
