import { UsageError } from '../../errors.js';
import { FASHION_MNIST_CLASSES } from '../../data/fashionMnist.js';
import { MNIST_CLASSES } from '../../data/mnist.js';
import { CIFAR10_CLASSES } from '../../data/parsers/cifar.js';

/** The four files of an MNIST-style dataset. */
export type SplitFile = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
export const SPLIT_FILES: readonly SplitFile[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];
export const TRAIN_FILES: readonly SplitFile[] = ['trainImages', 'trainLabels'];
export const TEST_FILES: readonly SplitFile[] = ['testImages', 'testLabels'];

/** File name (as published, with .gz) → the SHA-256 digests accepted for it, of the gz or of its content. */
export type ChecksumTable = Readonly<Record<string, readonly string[]>>;

/** What every dataset Platypus knows by name has: where to find it, where to download it, how to check it. */
interface DatasetBase {
  readonly name: string;
  readonly description: string;
  /** The names of labels 0, 1, … as published. */
  readonly classNames: readonly string[];
  /** [height, width, channels] of every image. */
  readonly imageShape: readonly [number, number, number];
  /** Downloads are `${baseUrl}/${file}`. */
  readonly baseUrl: string;
  readonly checksums: ChecksumTable;
  /** Directories where an operating-system package installs the files. */
  readonly systemDirs: readonly string[];
}

/** An MNIST-style dataset: four IDX files (images and labels of train and test), each downloaded on its own. */
export interface IdxDataset extends DatasetBase {
  readonly format: 'idx';
  /** The published (gzipped) file names. */
  readonly files: Readonly<Record<SplitFile, string>>;
}

/**
 * A dataset of CIFAR-10 binary batches (3073-byte records), published as one .tar.gz archive holding them in
 * `folder`. On disk the batches sit in a directory or in its `folder` subdirectory (as the archive unpacks).
 */
export interface CifarDataset extends DatasetBase {
  readonly format: 'cifar';
  /** The published archive's file name; its checksum is in `checksums`. */
  readonly archive: string;
  /** The archive's size as published, in bytes. */
  readonly archiveBytes: number;
  /** The folder inside the archive (and often on disk) that holds the batches. */
  readonly folder: string;
  readonly trainFiles: readonly string[];
  readonly testFiles: readonly string[];
  /** The class names, one a line; optional (classNames is used without it). */
  readonly metaFile: string;
}

/** A dataset Platypus knows by name; `format` says how it is stored. */
export type NamedDataset = IdxDataset | CifarDataset;

const MNIST_STYLE_FILES: Readonly<Record<SplitFile, string>> = Object.freeze({
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
});

export const NAMED_DATASETS: Readonly<Record<string, NamedDataset>> = Object.freeze({
  mnist: {
    format: 'idx',
    name: 'mnist',
    description: 'handwritten digits 0-9, 28×28 grey, 60000 train + 10000 test',
    classNames: MNIST_CLASSES,
    imageShape: [28, 28, 1],
    baseUrl: 'https://storage.googleapis.com/cvdf-datasets/mnist',
    files: MNIST_STYLE_FILES,
    checksums: {
      'train-images-idx3-ubyte.gz': ['440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609'],
      'train-labels-idx1-ubyte.gz': ['3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c'],
      't10k-images-idx3-ubyte.gz': [
        '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
        '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7', // content, 7840016 bytes
      ],
      't10k-labels-idx1-ubyte.gz': [
        'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
        'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2', // content, 10008 bytes
      ],
    },
    systemDirs: [],
  },
  'fashion-mnist': {
    format: 'idx',
    name: 'fashion-mnist',
    description: 'Zalando clothing images in 10 classes, 28×28 grey, 60000 train + 10000 test',
    classNames: FASHION_MNIST_CLASSES,
    imageShape: [28, 28, 1],
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com',
    files: MNIST_STYLE_FILES,
    // Content digests were computed from Debian's files (recompressed, so their gz digests differ);
    // the gz digests are the official files' as published by a third party.
    checksums: {
      'train-images-idx3-ubyte.gz': [
        'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888', // content, 47040016 bytes
        '08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc',
      ],
      'train-labels-idx1-ubyte.gz': [
        'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9', // content, 60008 bytes
        'b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc',
      ],
      't10k-images-idx3-ubyte.gz': [
        '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b', // content, 7840016 bytes
        '78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229',
      ],
      't10k-labels-idx1-ubyte.gz': [
        '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34', // content, 10008 bytes
        '42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf',
      ],
    },
    systemDirs: ['/usr/share/datasets/fashion-mnist'],
  },
  'cifar-10': {
    format: 'cifar',
    name: 'cifar-10',
    description: 'tiny photos in 10 classes (airplane … truck), 32×32 colour, 50000 train + 10000 test',
    classNames: CIFAR10_CLASSES,
    imageShape: [32, 32, 3],
    baseUrl: 'https://www.cs.toronto.edu/~kriz',
    archive: 'cifar-10-binary.tar.gz',
    archiveBytes: 170_052_171,
    // The digest TensorFlow Datasets pins for this URL (tensorflow_datasets/url_checksums/cifar10.txt, with the
    // size above); the page publishes only the MD5, c32a1d4ab5d03f1284b67883e8d87530.
    checksums: { 'cifar-10-binary.tar.gz': ['c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd'] },
    folder: 'cifar-10-batches-bin',
    trainFiles: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
    testFiles: ['test_batch.bin'],
    metaFile: 'batches.meta.txt',
    systemDirs: [],
  },
});

/** The names `platypus data list` shows. */
export function namedDatasetNames(): string[] {
  return Object.keys(NAMED_DATASETS);
}

export function isNamedDataset(name: string): boolean {
  return Object.hasOwn(NAMED_DATASETS, name);
}

/** The dataset called `name`, or a UsageError listing the known names. */
export function namedDataset(name: string): NamedDataset {
  if (!isNamedDataset(name)) {
    throw new UsageError(`unknown dataset "${name}"; named datasets are: ${namedDatasetNames().join(', ')}`);
  }
  return NAMED_DATASETS[name]!;
}
