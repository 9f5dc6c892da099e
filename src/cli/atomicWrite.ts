import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

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
