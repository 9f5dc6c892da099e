import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildModel, parseModelSpec } from '../../src/cli/modelSpec.js';
import type { NeuralNetwork } from '../../src/models/neuralNetwork.js';
import { formatLayerSpecs } from '../../src/nn/layerSpec.js';
import { platypus, tempDir } from '../helpers/cli.js';
import { writeMiniIdx } from '../helpers/miniIdx.js';
import { FASHION_MNIST_DIR, available } from '../helpers/paths.js';

const skip = available(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`) ? false : 'Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)';

test('train --model cnn on 3,000 Fashion-MNIST images: the default stack, saved and evaluated again', { skip, timeout: 300_000 }, () => {
  const dir = tempDir();
  writeMiniIdx(FASHION_MNIST_DIR, dir, 3000, 1000);
  const out = join(dir, 'cnn.json');
  const report = join(dir, 'report');
  const r = platypus(['train', '--data', 'fashion-mnist', '--data-dir', dir, '--model', 'cnn', '--epochs', '2', '--out', out, '--report', report, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.model, 'conv:16x3,pool:2,bn,conv:32x3,pool:2,bn,dense:128,dropout:0.3');
  assert.equal(r.json!.batchSize, 64);
  assert.equal(r.json!.test.rows, 1000);
  assert.ok(r.json!.test.accuracy >= 0.72, `test accuracy ${r.json!.test.accuracy}`);
  // The report shows the first filters and the feature maps of each image layer (2 convolutions, 2 poolings).
  const html = readFileSync(join(report, 'index.html'), 'utf8');
  assert.match(html, /First convolution’s filters/);
  assert.match(html, /What the convolutions see/);
  for (const file of ['filters.png', 'feature-maps-1.png', 'feature-maps-4.png']) assert.ok(existsSync(join(report, file)), file);
  assert.match(html, /conv 1 \(16 filters 3×3\) → activation/);
  const e = platypus(['evaluate', out, '--data', 'fashion-mnist', '--data-dir', dir, '--json']);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.json!.accuracy, r.json!.test.accuracy);
  assert.equal(e.json!.model, r.json!.model);
});

test('--model cnn carries two batch-norm layers; --no-batch-norm takes them out, --batch-norm is not needed', () => {
  const traits = { inputs: 784, images: true, binary: false, imageShape: [28, 28, 1] as const, dtype: 'float32' as const, standardize: true, seed: 0 };
  const cnn = buildModel(parseModelSpec('cnn'), {}, traits) as NeuralNetwork;
  assert.equal(formatLayerSpecs(cnn.options.layers!), 'conv:16x3,pool:2,bn,conv:32x3,pool:2,bn,dense:128,dropout:0.3');
  assert.equal(cnn.options.batchNorm, false);
  assert.equal(cnn.options.learningRateDecay, 0.7);
  const plain = buildModel(parseModelSpec('cnn'), { batchNorm: false }, traits) as NeuralNetwork;
  assert.equal(formatLayerSpecs(plain.options.layers!), 'conv:16x3,pool:2,conv:32x3,pool:2,dense:128,dropout:0.3');
  const written = buildModel(parseModelSpec('conv:8x3,pool:2,dense:16'), { batchNorm: true }, traits) as NeuralNetwork;
  assert.equal(written.options.batchNorm, true);
});

test('a written layer stack with its own output layer, no batch norm and sgd', { skip, timeout: 300_000 }, () => {
  const dir = tempDir();
  writeMiniIdx(FASHION_MNIST_DIR, dir, 1000, 200);
  const r = platypus(['train', '--data', 'fashion-mnist', '--data-dir', dir, '--model', 'conv:8x5:s2,bn,pool:2,dense:10', '--no-batch-norm', '--optimizer', 'sgd', '--lr-decay', '0.8', '--epochs', '3', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.model, 'conv:8x5:s2,bn,pool:2,dense:10');
  assert.equal(r.json!.learningRateDecay, 0.8);
  assert.ok(r.json!.test.accuracy >= 0.6, `test accuracy ${r.json!.test.accuracy}`);
});

test('layer stacks: wrong specs and convolutions on non-image data are usage errors (exit 1) that name the problem', () => {
  const bad = platypus(['train', '--data', 'circles', '--model', 'conv:16x3,pool', '--json']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--model: layer 'pool': expected a whole number/);
  const flat = platypus(['train', '--data', 'circles', '--model', 'cnn']);
  assert.equal(flat.code, 1);
  assert.match(flat.stderr, /convolutions and pooling need images/);
  const huge = platypus(['train', '--data', 'circles', '--model', 'dense:100000,dense:100000']);
  assert.equal(huge.code, 1);
  assert.match(huge.stderr, /weights; at most 1e\+8/);
  const decay = platypus(['train', '--data', 'circles', '--model', 'mlp:4', '--lr-decay', '1.5']);
  assert.equal(decay.code, 1);
  assert.match(decay.stderr, /--lr-decay must be in \(0, 1\]/);
  const linearDecay = platypus(['train', '--data', 'circles', '--model', 'logistic', '--lr-decay', '0.9']);
  assert.equal(linearDecay.code, 1);
  assert.match(linearDecay.stderr, /--lr-decay applies to networks/);
  const linear = platypus(['train', '--data', 'circles', '--model', 'logistic', '--no-batch-norm']);
  assert.equal(linear.code, 1);
  assert.match(linear.stderr, /--batch-norm applies to networks/);
});

test('--model cnn on all of Fashion-MNIST: ≥ 91% test accuracy in 5 epochs (issue #7)', { skip, timeout: 1_200_000 }, () => {
  const r = platypus(['train', '--data', 'fashion-mnist', '--model', 'cnn', '--epochs', '5', '--threads', '2', '--seed', '0', '--json'], { timeoutMs: 1_200_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.train.rows, 60000);
  assert.equal(r.json!.test.rows, 10000);
  assert.equal(r.json!.learningRateDecay, 0.7);
  assert.ok(r.json!.test.accuracy >= 0.91, `test accuracy ${r.json!.test.accuracy}`);
});
