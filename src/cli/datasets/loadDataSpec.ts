import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError, UsageError } from '../../errors.js';
import type { LabeledSet, SplitSet } from '../../data/dataset.js';
import { GENERATORS, generatorNames, makeGenerated } from '../../data/generators/index.js';
import { isNamedDataset, namedDatasetNames } from './catalog.js';
import { isCifarBatchName, loadCifarBatchFile } from './cifar10.js';
import { readDataFile } from './readFile.js';
import { type ResolveOptions, loadPair, requireTrain, resolveNamedDataset } from './resolve.js';

export interface DataSpecOptions extends Omit<ResolveOptions, 'need'> {
  /** The label column of a text file. @default the last column */
  label?: string;
  /**
   * The classes of a text file's label column, in order: pass a model's class names when evaluating it,
   * so each row gets the model's index for its class whatever order the file lists them in. @default
   * classes numbered in order of first appearance
   */
  classNames?: readonly string[];
  /** Seed of a generated set. @default 0 */
  seed?: number;
  /** Size of a generated set. */
  n?: number;
  /** Noise of a generated set. */
  noise?: number;
  /** Classes of a generated set (spiral, blobs). */
  classes?: number;
  /** Folders where a bare name such as "pizza" is looked up as pizza.txt, pizza.csv or pizza. @default [] */
  searchDirs?: readonly string[];
}

/** Text-file extensions tried for a bare name in `searchDirs`. */
const TEXT_EXTENSIONS = ['.txt', '.csv', '.tsv', ''];
const IDX_FILE = /-ubyte(\.gz)?$/;

/**
 * Resolves a `--data` value into train (and, for named datasets, test) sets:
 *  - an existing file: delimited text, an IDX images/labels pair when it ends in -ubyte[.gz], or one CIFAR-10
 *    batch when it is named like one (data_batch_1.bin … test_batch.bin);
 *  - a generator name (circles, xor, …): a seeded synthetic set;
 *  - 'mnist' / 'fashion-mnist' / 'cifar-10': the named dataset (see resolveNamedDataset);
 *  - a bare name found in `searchDirs` (e.g. "pizza" → <dir>/pizza.txt).
 * Training needs a train split, so a named dataset with only its test files is a DataError naming
 * the missing files. Anything else is a UsageError listing what is accepted.
 */
export async function loadDataSpec(spec: string, options: DataSpecOptions = {}): Promise<SplitSet> {
  const source = locateSpec(spec, options);
  switch (source.kind) {
    case 'file':
      return { train: loadFile(source.path, options) };
    case 'generator':
      return { train: generate(spec, options) };
    case 'named': {
      const resolved = await resolveNamedDataset(spec, { ...options, need: 'all' });
      return { train: requireTrain(resolved), test: resolved.test };
    }
  }
}

/**
 * The set to evaluate on: a named dataset's test split (only the test files are needed),
 * or the whole set for a file or generator (the same seed gives the same data as training).
 */
export async function loadEvaluationSet(spec: string, options: DataSpecOptions = {}): Promise<LabeledSet> {
  const source = locateSpec(spec, options);
  switch (source.kind) {
    case 'file':
      return loadFile(source.path, options);
    case 'generator':
      return generate(spec, options);
    case 'named':
      return (await resolveNamedDataset(spec, { ...options, need: 'test' })).test;
  }
}

type SpecSource = { kind: 'file'; path: string } | { kind: 'generator' } | { kind: 'named' };

/** What a spec names, in the order: file, generator, named dataset, bare name in searchDirs. */
export function locateSpec(spec: string, options: Pick<DataSpecOptions, 'searchDirs'> = {}): SpecSource {
  if (spec.trim() === '') throw new UsageError('--data: empty data spec');
  const kind = pathKind(spec);
  if (kind === 'file') return { kind: 'file', path: spec };
  if (Object.hasOwn(GENERATORS, spec)) return { kind: 'generator' };
  if (isNamedDataset(spec)) return { kind: 'named' };
  if (!spec.includes('/') && !spec.includes('\\')) {
    for (const dir of options.searchDirs ?? []) {
      for (const ext of TEXT_EXTENSIONS) {
        const path = join(dir, spec + ext);
        if (pathKind(path) === 'file') return { kind: 'file', path };
      }
    }
  }
  if (kind === 'directory') {
    throw new DataError(`${spec} is a directory, not a data file; for a folder of MNIST-style files use --data mnist --data-dir ${spec}`);
  }
  if (spec.includes('/') || spec.includes('\\') || /\.\w+$/.test(spec)) throw new DataError(`no such file: ${spec}`);
  const inDirs = options.searchDirs?.length ? `, a file in ${options.searchDirs.join(', ')}` : '';
  throw new UsageError(
    `unknown data "${spec}": expected a file path${inDirs}, a generator (${generatorNames().join(', ')}) ` +
      `or a named dataset (${namedDatasetNames().join(', ')})`,
  );
}

function loadFile(path: string, options: DataSpecOptions): LabeledSet {
  if (IDX_FILE.test(path)) {
    const { images, labels } = idxPair(path);
    return loadPair({}, images, labels);
  }
  if (isCifarBatchName(path)) return loadCifarBatchFile(path);
  return readDataFile(path, {
    ...(options.label !== undefined ? { label: options.label } : {}),
    ...(options.classNames !== undefined ? { classNames: options.classNames } : {}),
  });
}

/** Given either file of an IDX images/labels pair, both paths. */
function idxPair(path: string): { images: string; labels: string } {
  const name = basename(path);
  const isImages = /images[-.]idx\d/.test(name);
  const isLabels = /labels[-.]idx\d/.test(name);
  if (!isImages && !isLabels) {
    throw new DataError(`cannot tell whether ${path} holds images or labels: expected a name like train-images-idx3-ubyte.gz`);
  }
  const partnerName = isImages
    ? name.replace(/images([-.])idx\d/, 'labels$1idx1')
    : name.replace(/labels([-.])idx\d/, 'images$1idx3');
  const plain = partnerName.replace(/\.gz$/, '');
  const candidates = [...new Set([partnerName, plain, `${plain}.gz`])].map((n) => join(dirname(path), n));
  const partner = candidates.find((p) => pathKind(p) === 'file');
  if (partner === undefined) {
    throw new DataError(`${path}: the matching ${isImages ? 'labels' : 'images'} file is missing (looked for ${candidates.join(', ')})`);
  }
  return isImages ? { images: path, labels: partner } : { images: partner, labels: path };
}

function generate(name: string, options: DataSpecOptions): LabeledSet {
  return makeGenerated(name, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.n !== undefined ? { n: options.n } : {}),
    ...(options.noise !== undefined ? { noise: options.noise } : {}),
    ...(options.classes !== undefined ? { classes: options.classes } : {}),
  });
}

function pathKind(path: string): 'file' | 'directory' | 'none' {
  try {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'none';
  } catch {
    return 'none';
  }
}
