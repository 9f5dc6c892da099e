/** The public data API: storage, parsers, splits, batches, classes and synthetic sets. */
export { DenseFeatures, allRows } from './features.js';
export type { Features, Scaler } from './features.js';
export type { LabeledSet, SplitSet } from './dataset.js';
export { MIN_STD, fitStandardizer, standardizerFrom } from './standardize.js';
export type { Standardizer } from './standardize.js';

export { MAX_LINE_CHARS, parseDelimited } from './parsers/delimited.js';
export type { DelimitedOptions } from './parsers/delimited.js';
export { imagesAndLabels, parseIdx } from './parsers/idx.js';
export type { IdxArray, IdxOptions, ImagesAndLabelsOptions } from './parsers/idx.js';
export { MAX_GUNZIP_BYTES, gunzip, isGzip } from './parsers/gzip.js';
export type { GunzipOptions } from './parsers/gzip.js';
export type { ByteSource } from './parsers/byteSource.js';
export { decodeUtf8 } from './parsers/utf8.js';

export { oneHot } from './oneHot.js';
export type { OneHotOptions } from './oneHot.js';
export { splitIndices, trainTestSplit } from './split.js';
export type { IndexSplit, SplitOptions, TrainTestOptions } from './split.js';
export { RowSubset, subset } from './subset.js';
export { MiniBatches } from './batches.js';
export type { BatchOptions } from './batches.js';
export { MAX_CLASSES, binaryTargets, toClassIndices } from './classes.js';
export { MNIST_CLASSES } from './mnist.js';
export { FASHION_MNIST_CLASSES } from './fashionMnist.js';

export { GENERATORS, blobs, circles, gaussians, generatorNames, line, linear, makeGenerated, spiral, xor } from './generators/index.js';
export type { Generator, GeneratorOptions, LineOptions, MakeGeneratedOptions, MulticlassOptions } from './generators/index.js';
export { CIFAR10_CLASSES, CIFAR_PIXELS, CIFAR_RECORD, CIFAR_SIDE, cifarSet, parseCifarBatch, parseCifarClassNames } from './parsers/cifar.js';
export type { CifarBatch, CifarSetOptions } from './parsers/cifar.js';
