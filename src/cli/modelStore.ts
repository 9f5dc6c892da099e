import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { DataError, ModelError, UsageError } from '../errors.js';
import { type SavedModel, parseModelFile, serializeModel } from '../io/modelFile.js';

/** Model files larger than this are refused before reading (a 784→1200→10 float32 network is ~5 MB). */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024;

/** Temporary files of an earlier write to the same target older than this were left by a killed writer. */
export const STALE_TEMP_MS = 60_000;

/** The name after `.<target name>.` of writeFileAtomic's temporary files: `<pid>.<ms since epoch>.tmp`. */
const TEMP_SUFFIX = /^\d+\.\d+\.tmp$/;

/**
 * Writes `text` to `path` atomically: a temporary file beside it (`.<name>.<pid>.<ms>.tmp`), fsync, then
 * rename over the target, so a crash at any moment leaves either the old file or the new one, never a
 * half-written one. After the rename the directory is synced (where the file system allows it), and
 * temporary files of earlier writes to the same target that a kill left behind (older than
 * STALE_TEMP_MS) are removed.
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
  syncDirectory(dirname(path));
  removeStaleTemps(path, Date.now());
}

/** Makes a rename durable; some systems cannot open or fsync a directory, which is fine. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes `.<name>.<pid>.<ms>.tmp` files beside `path` last written more than STALE_TEMP_MS ago. */
function removeStaleTemps(path: string, now: number): void {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !TEMP_SUFFIX.test(name.slice(prefix.length))) continue;
    const full = join(dir, name);
    try {
      const st = lstatSync(full);
      if (st.isFile() && now - st.mtimeMs > STALE_TEMP_MS) rmSync(full, { force: true });
    } catch {
      // removed meanwhile, or not ours to remove
    }
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
