import { statSync } from 'node:fs';
import { DataError } from '../../errors.js';
import { type CifarDataset, type IdxDataset, type NamedDataset, SPLIT_FILES, namedDataset, namedDatasetNames } from './catalog.js';
import { type CifarLocation, findCifarFiles, missingCifarFiles } from './cifar10.js';
import { type FoundFiles, findDatasetFiles, hasAll, hasTest } from './locate.js';
import { datasetCacheDir } from './paths.js';
import { type ResolveOptions, resolveNamedDataset } from './resolve.js';

/** Where a named dataset is, for `platypus data list`. */
export interface DatasetStatus {
  readonly name: string;
  readonly description: string;
  /** [height, width, channels] of its images. */
  readonly imageShape: readonly [number, number, number];
  /** The names of its classes, by label. */
  readonly classNames: readonly string[];
  /** 'complete': all its files; 'test only': just the test files (enough for evaluate). */
  readonly status: 'complete' | 'test only' | 'not found';
  /** The directory the files would be read from. */
  readonly foundIn?: string;
  /** Every file of the dataset with its path and size when present. */
  readonly files: readonly { readonly file: string; readonly path?: string; readonly bytes?: number }[];
}

export type ListOptions = Pick<ResolveOptions, 'dataDir' | 'cacheDir' | 'systemDirs'>;

/** The status of every named dataset, searching like resolveNamedDataset but never downloading. */
export function listNamedDatasets(options: ListOptions = {}): DatasetStatus[] {
  return namedDatasetNames().map((name) => datasetStatus(namedDataset(name), options));
}

function datasetStatus(dataset: NamedDataset, options: ListOptions): DatasetStatus {
  const dirs = options.dataDir !== undefined ? [options.dataDir] : [...(options.systemDirs ?? dataset.systemDirs), datasetCacheDir(options.cacheDir, dataset.name)];
  return dataset.format === 'cifar' ? cifarStatus(dataset, dirs) : idxStatus(dataset, dirs);
}

function idxStatus(dataset: IdxDataset, dirs: readonly string[]): DatasetStatus {
  let best: { dir: string; found: FoundFiles; status: 'complete' | 'test only' } | undefined;
  for (const dir of dirs) {
    const found = findDatasetFiles(dir, dataset);
    if (hasAll(found)) {
      best = { dir, found, status: 'complete' };
      break;
    }
    if (best === undefined && hasTest(found)) best = { dir, found, status: 'test only' };
  }
  const files = SPLIT_FILES.map((split) => {
    const path = best?.found[split];
    return path === undefined ? { file: dataset.files[split] } : { file: dataset.files[split], path, bytes: statSync(path).size };
  });
  return { ...about(dataset), status: best?.status ?? 'not found', ...(best ? { foundIn: best.dir } : {}), files };
}

function cifarStatus(dataset: CifarDataset, dirs: readonly string[]): DatasetStatus {
  const batches = [...dataset.trainFiles, ...dataset.testFiles];
  let best: { location: CifarLocation; status: 'complete' | 'test only' } | undefined;
  for (const dir of dirs) {
    const location = findCifarFiles(dir, dataset);
    if (missingCifarFiles(location, batches).length === 0) {
      best = { location, status: 'complete' };
      break;
    }
    if (best === undefined && missingCifarFiles(location, dataset.testFiles).length === 0) best = { location, status: 'test only' };
  }
  const files = batches.map((file) => {
    const path = best?.location.found[file];
    return path === undefined ? { file } : { file, path, bytes: statSync(path).size };
  });
  return { ...about(dataset), status: best?.status ?? 'not found', ...(best ? { foundIn: best.location.dir } : {}), files };
}

function about(dataset: NamedDataset): Pick<DatasetStatus, 'name' | 'description' | 'imageShape' | 'classNames'> {
  return { name: dataset.name, description: dataset.description, imageShape: dataset.imageShape, classNames: dataset.classNames };
}

/** What `platypus data get` did. */
export interface DownloadReport {
  readonly name: string;
  /** The directory holding the complete dataset. */
  readonly dir: string;
  /** Files written by this call (empty when everything was already present). */
  readonly downloaded: readonly string[];
}

/**
 * Makes sure all four files of a named dataset are available, downloading into the cache the ones
 * that are missing there (checksummed, atomically). Nothing is downloaded when a complete copy is
 * already installed (e.g. Debian's fashion-mnist) or cached. The files are parsed once as a check.
 */
export async function downloadNamedDataset(name: string, options: Omit<ResolveOptions, 'dataDir' | 'need'> = {}): Promise<DownloadReport> {
  const resolved = await resolveNamedDataset(name, { ...options, allowDownload: true, need: 'all' });
  if (resolved.train === undefined) {
    // Only a test-only copy was found, and downloading the rest failed.
    throw new DataError(`${name}: missing ${resolved.missing.join(', ')}: ${resolved.downloadError ?? 'download failed'}`);
  }
  return { name, dir: resolved.foundIn, downloaded: resolved.downloaded };
}
