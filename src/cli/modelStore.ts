import { readFileSync, statSync } from 'node:fs';
import { DataError, ModelError } from '../errors.js';
import { type SavedModel, parseModelFile, serializeModel } from '../io/modelFile.js';
import { writeFileAtomic } from './atomicWrite.js';

export { STALE_TEMP_MS, writeFileAtomic } from './atomicWrite.js';

/** Model files larger than this are refused before reading (a 784→1200→10 float32 network is ~5 MB). */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024;

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
