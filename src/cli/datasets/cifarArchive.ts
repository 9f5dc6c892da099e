import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, PlatypusError } from '../../errors.js';
import { CIFAR_RECORD } from '../../data/parsers/cifar.js';
import { gunzip, isGzip } from '../../data/parsers/gzip.js';
import { type TarEntry, readTar } from '../../data/parsers/tar.js';
import { writeFileAtomic } from '../atomicWrite.js';
import type { CifarDataset } from './catalog.js';
import { verifyChecksum } from './checksum.js';
import { downloadFile } from './download.js';
import { isFile } from './locate.js';
import { readFileBytes } from './readFile.js';
import type { ResolveOptions } from './resolve.js';

/** Larger archive downloads are refused (CIFAR-10's is 170,052,171 bytes). */
export const MAX_ARCHIVE_BYTES = 200 * 1024 * 1024;
/** A larger unpacked archive is refused (CIFAR-10's tar is about 185 MB). */
export const MAX_TAR_BYTES = 256 * 1024 * 1024;
/** A larger batch in the archive is refused (CIFAR-10's are 30,730,000 bytes). */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;
/** batches.meta.txt is a few lines. */
const MAX_META_BYTES = 64 * 1024;

/**
 * Puts a CIFAR dataset's batches into `cacheDir`: downloads the published archive there (size-limited and
 * checked by SHA-256, see downloadFile; an archive already there from an interrupted run is checked and used),
 * takes the batches and batches.meta.txt out of it, and removes it. Each batch is written atomically, so the
 * cache never holds a partial file; an archive that fails a check is removed. Returns the paths written.
 */
export async function unpackCifarArchive(dataset: CifarDataset, cacheDir: string, options: ResolveOptions = {}): Promise<string[]> {
  const accepted = (options.checksums ?? dataset.checksums)[dataset.archive];
  if (accepted === undefined || accepted.length === 0) throw new DataError(`no checksum known for ${dataset.archive}; refusing to download it`);
  let archivePath = join(cacheDir, dataset.archive);
  try {
    let bytes: Uint8Array | undefined;
    if (isFile(archivePath)) {
      bytes = readFileBytes(archivePath);
      if (!verifyChecksum(bytes, accepted, archivePath).ok) bytes = undefined;
    }
    if (bytes === undefined) {
      archivePath = await downloadFile({
        url: `${(options.baseUrl ?? dataset.baseUrl).replace(/\/+$/, '')}/${dataset.archive}`,
        dir: cacheDir,
        fileName: dataset.archive,
        accepted,
        maxBytes: options.maxDownloadBytes ?? MAX_ARCHIVE_BYTES,
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      bytes = readFileBytes(archivePath);
    }
    const tar = isGzip(bytes) ? gunzip(bytes, { source: archivePath, maxBytes: MAX_TAR_BYTES }) : bytes;
    const entries = readTar(tar, archivePath);
    const batches = [...dataset.trainFiles, ...dataset.testFiles].map((file) => {
      const entry = member(entries, dataset, file, archivePath);
      if (entry === undefined) throw new DataError(`the archive has no ${dataset.folder}/${file}`, archivePath);
      checkBatch(entry, archivePath);
      return { file, data: entry.data };
    });
    const meta = member(entries, dataset, dataset.metaFile, archivePath);
    if (meta !== undefined && meta.data.length > MAX_META_BYTES) {
      throw new DataError(`${meta.name} is ${meta.data.length} bytes, more than the ${MAX_META_BYTES} a list of class names needs`, archivePath, undefined, meta.offset);
    }
    const written: string[] = [];
    for (const { file, data } of meta !== undefined ? [...batches, { file: dataset.metaFile, data: meta.data }] : batches) {
      const path = join(cacheDir, file);
      try {
        writeFileAtomic(path, data);
      } catch (e) {
        throw e instanceof PlatypusError ? new DataError(`cannot save the unpacked archive in ${cacheDir}: ${e.message}`) : e;
      }
      written.push(path);
    }
    return written;
  } finally {
    // Unpacked, or unusable: either way the archive is not kept.
    rmSync(archivePath, { force: true });
  }
}

/**
 * The regular file `file` of the archive, in `folder` (or at the top): undefined when absent, a DataError when
 * it is there twice.
 */
function member(entries: readonly TarEntry[], dataset: CifarDataset, file: string, source: string): TarEntry | undefined {
  const names = new Set([`${dataset.folder}/${file}`, `./${dataset.folder}/${file}`, file, `./${file}`]);
  const matches = entries.filter((e) => e.type === 'file' && names.has(e.name));
  if (matches.length > 1) throw new DataError(`${file} is in the archive ${matches.length} times`, source, undefined, matches[1]!.offset);
  return matches[0];
}

/** A batch in the archive must be a whole, non-zero number of records within MAX_BATCH_BYTES. */
function checkBatch(entry: TarEntry, source: string): void {
  const n = entry.data.length;
  if (n === 0 || n % CIFAR_RECORD !== 0 || n > MAX_BATCH_BYTES) {
    const why = n > MAX_BATCH_BYTES ? `more than the limit of ${MAX_BATCH_BYTES}` : 'not a whole, non-zero number of 3073-byte records';
    throw new DataError(`${entry.name} is ${n} bytes, ${why}`, source, undefined, entry.offset);
  }
}
