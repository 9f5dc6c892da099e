/** Node-side dataset access: files, named datasets (find, cache, download) and `--data` specs. */
export { NAMED_DATASETS, SPLIT_FILES, isNamedDataset, namedDataset, namedDatasetNames } from './catalog.js';
export type { ChecksumTable, NamedDataset, SplitFile } from './catalog.js';
export { sha256Hex, verifyChecksum } from './checksum.js';
export type { ChecksumResult } from './checksum.js';
export { IDLE_TIMEOUT_MS, MAX_DOWNLOAD_BYTES, downloadFile } from './download.js';
export type { DownloadOptions, DownloadProgress } from './download.js';
export { fileNameVariants, findDatasetFiles } from './locate.js';
export type { FoundFiles } from './locate.js';
export { datasetCacheDir, defaultCacheRoot } from './paths.js';
export { readDataFile, readFileBytes } from './readFile.js';
export { loadPair, requireTrain, resolveNamedDataset } from './resolve.js';
export type { ResolveOptions, ResolvedDataset } from './resolve.js';
export { downloadNamedDataset, listNamedDatasets } from './list.js';
export type { DatasetStatus, DownloadReport, ListOptions } from './list.js';
export { loadDataSpec, loadEvaluationSet, locateSpec } from './loadDataSpec.js';
export type { DataSpecOptions } from './loadDataSpec.js';
