import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as data from '../../src/data/index.js';

test('the public data exports (snapshot)', () => {
  assert.deepEqual(Object.keys(data).sort(), [
    'CIFAR10_CLASSES',
    'CIFAR_PIXELS',
    'CIFAR_RECORD',
    'CIFAR_SIDE',
    'DenseFeatures',
    'FASHION_MNIST_CLASSES',
    'GENERATORS',
    'MAX_CLASSES',
    'MAX_GUNZIP_BYTES',
    'MAX_LINE_CHARS',
    'MIN_STD',
    'MNIST_CLASSES',
    'MiniBatches',
    'RowSubset',
    'allRows',
    'binaryTargets',
    'blobs',
    'cifarSet',
    'circles',
    'decodeUtf8',
    'fitStandardizer',
    'gaussians',
    'generatorNames',
    'gunzip',
    'imagesAndLabels',
    'isGzip',
    'line',
    'linear',
    'makeGenerated',
    'oneHot',
    'parseCifarBatch',
    'parseCifarClassNames',
    'parseDelimited',
    'parseIdx',
    'spiral',
    'splitIndices',
    'standardizerFrom',
    'subset',
    'toClassIndices',
    'trainTestSplit',
    'xor',
  ]);
});

test('class names', () => {
  assert.equal(data.FASHION_MNIST_CLASSES.length, 10);
  assert.equal(data.FASHION_MNIST_CLASSES[0], 'T-shirt/top');
  assert.equal(data.FASHION_MNIST_CLASSES[9], 'Ankle boot');
  assert.deepEqual(data.MNIST_CLASSES, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});
