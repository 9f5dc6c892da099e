import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as datasets from '../../../src/cli/datasets/index.js';

test('the cli/datasets exports (snapshot)', () => {
  assert.deepEqual(Object.keys(datasets).sort(), [
    'IDLE_TIMEOUT_MS',
    'MAX_DOWNLOAD_BYTES',
    'NAMED_DATASETS',
    'SPLIT_FILES',
    'datasetCacheDir',
    'defaultCacheRoot',
    'downloadFile',
    'downloadNamedDataset',
    'fileNameVariants',
    'findDatasetFiles',
    'isNamedDataset',
    'listNamedDatasets',
    'loadDataSpec',
    'loadEvaluationSet',
    'loadPair',
    'locateSpec',
    'namedDataset',
    'namedDatasetNames',
    'readDataFile',
    'readFileBytes',
    'requireTrain',
    'resolveNamedDataset',
    'sha256Hex',
    'verifyChecksum',
  ]);
});

test('the catalog: four files each, with checksums for every file', () => {
  for (const name of datasets.namedDatasetNames()) {
    const d = datasets.namedDataset(name);
    assert.equal(d.classNames.length, 10);
    for (const split of datasets.SPLIT_FILES) assert.ok(d.checksums[d.files[split]]!.every((h) => /^[0-9a-f]{64}$/.test(h)));
  }
});
