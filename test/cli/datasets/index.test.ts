import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as datasets from '../../../src/cli/datasets/index.js';

test('the cli/datasets exports (snapshot)', () => {
  assert.deepEqual(Object.keys(datasets).sort(), [
    'IDLE_TIMEOUT_MS',
    'MAX_ARCHIVE_BYTES',
    'MAX_DOWNLOAD_BYTES',
    'NAMED_DATASETS',
    'SPLIT_FILES',
    'datasetCacheDir',
    'defaultCacheRoot',
    'downloadFile',
    'downloadNamedDataset',
    'fileNameVariants',
    'findCifarFiles',
    'findDatasetFiles',
    'isNamedDataset',
    'listNamedDatasets',
    'loadCifar10',
    'loadDataSpec',
    'loadEvaluationSet',
    'loadPair',
    'locateSpec',
    'namedDataset',
    'namedDatasetNames',
    'readDataFile',
    'readFileBytes',
    'requireTrain',
    'resolveCifarDataset',
    'resolveNamedDataset',
    'sha256Hex',
    'unpackCifarArchive',
    'verifyChecksum',
  ]);
});

test('the catalog: four files each (MNIST-style) or one archive (CIFAR), with checksums for every download', () => {
  const sha256 = (h: string): boolean => /^[0-9a-f]{64}$/.test(h);
  for (const name of datasets.namedDatasetNames()) {
    const d = datasets.namedDataset(name);
    assert.equal(d.classNames.length, 10);
    if (d.format === 'idx') {
      for (const split of datasets.SPLIT_FILES) assert.ok(d.checksums[d.files[split]]!.every(sha256));
    } else {
      assert.ok(d.checksums[d.archive]!.length > 0 && d.checksums[d.archive]!.every(sha256));
      assert.deepEqual(d.imageShape, [32, 32, 3]);
    }
  }
});
