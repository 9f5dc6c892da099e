import { DataError } from '../../errors.js';
import type { LabeledSet } from '../../data/dataset.js';
import { imagesAndLabels, parseIdx } from '../../data/parsers/idx.js';
import { allocateBytesForKernels } from '../../tensor/backend.js';
import { type ChecksumTable, type IdxDataset, type SplitFile, TEST_FILES, TRAIN_FILES, namedDataset } from './catalog.js';
import { resolveCifarDataset } from './cifar10.js';
import { type DownloadProgress, downloadFile } from './download.js';
import { type FoundFiles, findDatasetFiles, hasAll, hasTest } from './locate.js';
import { datasetCacheDir } from './paths.js';
import { withFileSource } from './readFile.js';

export interface ResolveOptions {
  /** A directory holding the files (`--data-dir`); when given, only it is searched. */
  dataDir?: string;
  /** The cache root; the dataset lives in `<cacheDir>/<name>/`. @default defaultCacheRoot() */
  cacheDir?: string;
  /** Download missing files into the cache. @default true */
  allowDownload?: boolean;
  /** 'test' loads only the test split (enough for evaluate). @default 'all' */
  need?: 'all' | 'test';
  /** For tests: replaces the catalog's download location. */
  baseUrl?: string;
  /** For tests: replaces the catalog's checksums. */
  checksums?: ChecksumTable;
  /** For tests: replaces the catalog's system directories. */
  systemDirs?: readonly string[];
  fetchImpl?: typeof fetch;
  maxDownloadBytes?: number;
  onProgress?: (progress: DownloadProgress) => void;
}

/** A named dataset, loaded. `train` is absent when only the test files were found (see requireTrain). */
export interface ResolvedDataset {
  readonly name: string;
  readonly train?: LabeledSet;
  readonly test: LabeledSet;
  /** The directory the files were read from. */
  readonly foundIn: string;
  /** The paths read: by split for MNIST-style sets ('trainImages', …), by file name for CIFAR batches. */
  readonly files: Readonly<Partial<Record<string, string>>>;
  /** Published names of files needed but not found (the train files, when only test was found). */
  readonly missing: readonly string[];
  /** Directories searched, in order. */
  readonly searched: readonly string[];
  /** Files downloaded during this call. */
  readonly downloaded: readonly string[];
  /** Why a download of the missing files failed, when it did. */
  readonly downloadError?: string;
}

/**
 * Finds and loads a named dataset ('mnist', 'fashion-mnist', 'cifar-10'). Looks in order: `dataDir` (only
 * there, when given), the system directories (Debian's /usr/share/datasets/fashion-mnist), the
 * cache, and finally downloads the missing files into the cache (CIFAR-10: its archive, unpacked; see
 * resolveCifarDataset).
 *
 * A place with only the test files is enough when `need` is 'test'; with 'all' it is used only
 * when nothing better is found, and the result then has no `train` and lists the `missing` files.
 */
export async function resolveNamedDataset(name: string, options: ResolveOptions = {}): Promise<ResolvedDataset> {
  const dataset = namedDataset(name);
  if (dataset.format === 'cifar') return resolveCifarDataset(dataset, options);
  const need = options.need ?? 'all';
  const searched: string[] = [];
  const wanted = need === 'all' ? [...TRAIN_FILES, ...TEST_FILES] : TEST_FILES;

  if (options.dataDir !== undefined) {
    const found = findDatasetFiles(options.dataDir, dataset);
    searched.push(options.dataDir);
    if (!hasTest(found)) {
      throw new DataError(`no ${name} test files in ${options.dataDir}: ${missingFiles(dataset, found, TEST_FILES).join(', ')} (gz or not)`);
    }
    return load(dataset, options.dataDir, found, need, { searched, downloaded: [] });
  }

  const cacheDir = datasetCacheDir(options.cacheDir, name);
  let testOnly: { dir: string; found: FoundFiles } | undefined;
  for (const dir of [...(options.systemDirs ?? dataset.systemDirs), cacheDir]) {
    const found = findDatasetFiles(dir, dataset);
    searched.push(dir);
    if (hasAll(found, wanted)) return load(dataset, dir, found, need, { searched, downloaded: [] });
    if (testOnly === undefined && hasTest(found)) testOnly = { dir, found };
  }

  let downloadError: string;
  if (options.allowDownload ?? true) {
    try {
      const downloaded = await downloadMissing(dataset, cacheDir, wanted, options);
      return load(dataset, cacheDir, findDatasetFiles(cacheDir, dataset), need, { searched, downloaded });
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      downloadError = e.message;
    }
  } else {
    downloadError = 'downloading is turned off';
  }
  if (testOnly) return load(dataset, testOnly.dir, testOnly.found, need, { searched, downloaded: [], downloadError });
  throw new DataError(
    `${name} not found (looked in ${searched.join(', ')}); ${downloadError}. ` +
      `Pass --data-dir <folder with the ${name} files>, or run \`platypus data get ${name}\` where there is network`,
  );
}

/** The train split, or a DataError naming the missing files and where the test files were found. */
export function requireTrain(resolved: ResolvedDataset): LabeledSet {
  if (resolved.train) return resolved.train;
  const why = resolved.downloadError ? `; download: ${resolved.downloadError}` : '';
  throw new DataError(
    `${resolved.name}: no training split in ${resolved.foundIn}: missing ${resolved.missing.join(', ')} ` +
      `(that folder has only the test files, enough for evaluate)${why}. ` +
      `Run \`platypus data get ${resolved.name}\`, or pass --data-dir with the train and test files`,
  );
}

/** Downloads the wanted files missing from the cache; returns the paths written. */
async function downloadMissing(dataset: IdxDataset, cacheDir: string, wanted: readonly SplitFile[], options: ResolveOptions): Promise<string[]> {
  const present = findDatasetFiles(cacheDir, dataset);
  const written: string[] = [];
  for (const split of wanted) {
    if (present[split] !== undefined) continue;
    const file = dataset.files[split];
    const accepted = (options.checksums ?? dataset.checksums)[file];
    if (accepted === undefined || accepted.length === 0) throw new DataError(`no checksum known for ${file}; refusing to download it`);
    written.push(
      await downloadFile({
        url: `${(options.baseUrl ?? dataset.baseUrl).replace(/\/+$/, '')}/${file}`,
        dir: cacheDir,
        fileName: file,
        accepted,
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        ...(options.maxDownloadBytes !== undefined ? { maxBytes: options.maxDownloadBytes } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
  }
  return written;
}

function load(
  dataset: IdxDataset,
  dir: string,
  found: FoundFiles,
  need: 'all' | 'test',
  extra: { searched: string[]; downloaded: string[]; downloadError?: string },
): ResolvedDataset {
  const test = loadPair(dataset, found.testImages!, found.testLabels!);
  const withTrain = need === 'all' && hasAll(found, TRAIN_FILES);
  const train = withTrain ? loadPair(dataset, found.trainImages!, found.trainLabels!) : undefined;
  return {
    name: dataset.name,
    ...(train ? { train } : {}),
    test,
    foundIn: dir,
    files: found,
    missing: need === 'all' ? missingFiles(dataset, found, TRAIN_FILES) : [],
    ...extra,
  };
}

/**
 * Reads and pairs an images file and a labels file. Each is read in pieces (withFileSource), so a gzipped
 * file's compressed bytes are never in memory whole next to the decompressed ones. The images go into the
 * kernels' memory where there is room, so batches are gathered from them in place.
 */
export function loadPair(dataset: { classNames?: readonly string[] }, imagesPath: string, labelsPath: string): LabeledSet {
  const images = withFileSource(imagesPath, (file) => parseIdx(file, { source: imagesPath, allocate: allocateBytesForKernels }));
  const labels = withFileSource(labelsPath, (file) => parseIdx(file, { source: labelsPath }));
  return imagesAndLabels(images, labels, {
    source: imagesPath,
    labelsSource: labelsPath,
    ...(dataset.classNames ? { classNames: dataset.classNames } : {}),
  });
}

function missingFiles(dataset: IdxDataset, found: FoundFiles, splits: readonly SplitFile[]): string[] {
  return splits.filter((s) => found[s] === undefined).map((s) => dataset.files[s]);
}
