import { basename, dirname, join } from 'node:path';
import { DataError } from '../../errors.js';
import type { LabeledSet } from '../../data/dataset.js';
import { cifarSet, parseCifarBatch, parseCifarClassNames } from '../../data/parsers/cifar.js';
import { type CifarDataset, namedDataset } from './catalog.js';
import { unpackCifarArchive } from './cifarArchive.js';
import { isFile } from './locate.js';
import { datasetCacheDir } from './paths.js';
import { readFileBytes } from './readFile.js';
import type { ResolveOptions, ResolvedDataset } from './resolve.js';

/** Where a CIFAR dataset's files were looked for, and which were found. */
export interface CifarLocation {
  /** The directory holding the batches: the one searched, or its `cifar-10-batches-bin` subdirectory. */
  readonly dir: string;
  /** Paths of the files found there, by file name. */
  readonly found: Readonly<Partial<Record<string, string>>>;
  /** The directories looked in. */
  readonly searched: readonly string[];
}

/**
 * Finds a CIFAR dataset's batches in `dir` or, as the archive unpacks, in `dir/cifar-10-batches-bin`: the
 * first of the two holding any batch. No error when neither exists.
 */
export function findCifarFiles(dir: string, dataset: CifarDataset): CifarLocation {
  const searched = [dir, join(dir, dataset.folder)];
  for (const candidate of searched) {
    const found: Record<string, string> = {};
    for (const file of [...dataset.trainFiles, ...dataset.testFiles, dataset.metaFile]) {
      const path = join(candidate, file);
      if (isFile(path)) found[file] = path;
    }
    if (batchFiles(dataset).some((f) => found[f] !== undefined)) return { dir: candidate, found, searched };
  }
  return { dir, found: {}, searched };
}

/** The files of `files` missing from a location. */
export function missingCifarFiles(location: CifarLocation, files: readonly string[]): string[] {
  return files.filter((f) => location.found[f] === undefined);
}

/**
 * Loads CIFAR-10 from `dir` (the batches directly in it or in `dir/cifar-10-batches-bin`): train is
 * data_batch_1.bin … data_batch_5.bin, test is test_batch.bin, both with pixels in HWC order and imageShape
 * [32, 32, 3]. The class names come from batches.meta.txt when it is there. A missing batch is a DataError
 * listing what was expected and where it was looked for.
 */
export function loadCifar10(dir: string): { train: LabeledSet; test: LabeledSet } {
  const dataset = namedDataset('cifar-10') as CifarDataset;
  const location = findCifarFiles(dir, dataset);
  const missing = missingCifarFiles(location, batchFiles(dataset));
  if (missing.length > 0) throw missingError(dataset, location, missing);
  const { train, test } = loadCifarLocation(dataset, location, 'all');
  return { train: train!, test };
}

/**
 * Reads the batches of a location: test always; train too when `need` is 'all' and every train batch is
 * there. Some train batches without the others is a DataError (a copy cut short), none is not (a folder with
 * the test batch alone is enough for evaluate): `missing` then lists them.
 */
export function loadCifarLocation(dataset: CifarDataset, location: CifarLocation, need: 'all' | 'test'): { train?: LabeledSet; test: LabeledSet; missing: string[] } {
  const missingTest = missingCifarFiles(location, dataset.testFiles);
  if (missingTest.length > 0) throw missingError(dataset, location, missingCifarFiles(location, need === 'all' ? batchFiles(dataset) : dataset.testFiles));
  const missingTrain = need === 'all' ? missingCifarFiles(location, dataset.trainFiles) : [];
  if (missingTrain.length > 0 && missingTrain.length < dataset.trainFiles.length) throw missingError(dataset, location, missingTrain);
  const classNames = classNamesFrom(dataset, location.found[dataset.metaFile]);
  const test = readBatches(location, dataset.testFiles, classNames);
  if (need === 'test' || missingTrain.length > 0) return { test, missing: missingTrain };
  return { train: readBatches(location, dataset.trainFiles, classNames), test, missing: [] };
}

/**
 * Finds and loads a CIFAR dataset like resolveNamedDataset does an MNIST-style one: `dataDir` only, when given;
 * else the system directories, then the cache; else the published archive is downloaded into the cache (checked
 * by SHA-256) and its batches unpacked there.
 */
export async function resolveCifarDataset(dataset: CifarDataset, options: ResolveOptions = {}): Promise<ResolvedDataset> {
  const need = options.need ?? 'all';
  const wanted = need === 'all' ? batchFiles(dataset) : dataset.testFiles;
  const searched: string[] = [];
  const resolved = (location: CifarLocation, downloaded: string[], downloadError?: string): ResolvedDataset => {
    const { train, test, missing } = loadCifarLocation(dataset, location, need);
    return {
      name: dataset.name,
      ...(train ? { train } : {}),
      test,
      foundIn: location.dir,
      files: location.found,
      missing,
      searched,
      downloaded,
      ...(downloadError !== undefined ? { downloadError } : {}),
    };
  };

  if (options.dataDir !== undefined) {
    const location = findCifarFiles(options.dataDir, dataset);
    searched.push(...location.searched);
    return resolved(location, []);
  }

  const cacheDir = datasetCacheDir(options.cacheDir, dataset.name);
  let testOnly: CifarLocation | undefined;
  for (const dir of [...(options.systemDirs ?? dataset.systemDirs), cacheDir]) {
    const location = findCifarFiles(dir, dataset);
    searched.push(...location.searched);
    if (missingCifarFiles(location, wanted).length === 0) return resolved(location, []);
    if (testOnly === undefined && missingCifarFiles(location, dataset.testFiles).length === 0) testOnly = location;
  }

  let downloadError: string;
  if (options.allowDownload ?? true) {
    try {
      const written = await unpackCifarArchive(dataset, cacheDir, options);
      return resolved(findCifarFiles(cacheDir, dataset), written);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      downloadError = e.message;
    }
  } else {
    downloadError = 'downloading is turned off';
  }
  if (testOnly) return resolved(testOnly, [], downloadError);
  throw new DataError(
    `${dataset.name} not found (looked in ${searched.join(', ')}); ${downloadError}. ` +
      `Pass --data-dir <folder with ${describeFiles(dataset)}>, or run \`platypus data get ${dataset.name}\` where there is network`,
  );
}

/** Whether a file name is one of CIFAR-10's binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin). */
export function isCifarBatchName(path: string): boolean {
  const dataset = namedDataset('cifar-10') as CifarDataset;
  const name = basename(path);
  return batchFiles(dataset).includes(name);
}

/**
 * One CIFAR-10 batch file given by path (`--data …/data_batch_1.bin`): its 10,000 images as a set, with the class
 * names of the batches.meta.txt beside it when there is one.
 */
export function loadCifarBatchFile(path: string): LabeledSet {
  const dataset = namedDataset('cifar-10') as CifarDataset;
  const meta = join(dirname(path), dataset.metaFile);
  const classNames = classNamesFrom(dataset, isFile(meta) ? meta : undefined);
  return cifarSet([parseCifarBatch(readFileBytes(path), path)], path, { classNames });
}

/** The class names in a batches.meta.txt when there is one, else the dataset's own. */
function classNamesFrom(dataset: CifarDataset, metaPath: string | undefined): readonly string[] {
  return metaPath !== undefined ? parseCifarClassNames(readFileBytes(metaPath), metaPath) : dataset.classNames;
}

function batchFiles(dataset: CifarDataset): string[] {
  return [...dataset.trainFiles, ...dataset.testFiles];
}

function readBatches(location: CifarLocation, files: readonly string[], classNames: readonly string[]): LabeledSet {
  const paths = files.map((f) => location.found[f]!);
  const batches = paths.map((path) => parseCifarBatch(readFileBytes(path), path));
  const source = paths.length === 1 ? paths[0]! : `${paths[0]} … ${files[files.length - 1]}`;
  return cifarSet(batches, source, { classNames });
}

function missingError(dataset: CifarDataset, location: CifarLocation, missing: readonly string[]): DataError {
  return new DataError(
    `${dataset.name}: missing ${missing.join(', ')} in ${location.dir} ` +
      `(expected ${describeFiles(dataset)}; looked in ${location.searched.join(' and ')})`,
  );
}

/** "data_batch_1.bin … data_batch_5.bin and test_batch.bin" */
function describeFiles(dataset: CifarDataset): string {
  const train = dataset.trainFiles;
  const trainText = train.length > 2 ? `${train[0]} … ${train[train.length - 1]}` : train.join(', ');
  return `${trainText} and ${dataset.testFiles.join(', ')}`;
}
