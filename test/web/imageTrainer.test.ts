import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImageTrainer, loadImages } from '../../src/web/image/imageTrainer.js';
import { barImages } from './idxFiles.js';

const file = (name: string, bytes: Uint8Array): { name: string; bytes: ArrayBuffer } => ({ name, bytes: bytes.slice().buffer });
const DIGITS = '0123456789'.split('');

test('image lab trainer: IDX files in, accuracy rises, weights as a tiled picture, probabilities for one image', async () => {
  const train = barImages(600, 10, 1);
  const test = barImages(200, 10, 2);
  const data = loadImages({
    trainImages: file('train-images', train.images), trainLabels: file('train-labels', train.labels),
    testImages: file('test-images', test.images), testLabels: file('test-labels', test.labels),
  }, DIGITS);
  assert.equal(data.heldOut, false);
  assert.deepEqual([data.train.features.rows, data.test.features.rows, data.height, data.width, data.classes], [600, 200, 28, 28, 10]);
  const trainer = new ImageTrainer(data);
  const reports: number[] = [];
  const stopped = await trainer.train({ hidden: 20, activation: 'sigmoid', learningRate: 0.5, batchSize: 20, epochs: 3, seed: 1 }, () => reports.push(trainer.accuracy()), () => false, 0);
  assert.equal(stopped, false);
  assert.ok(reports.at(-1)! > 0.9, `final accuracy ${reports.at(-1)}`);
  assert.ok(reports.at(-1)! > reports[0]!, `accuracy ${reports[0]} → ${reports.at(-1)}`);
  const picture = trainer.weightsPicture();
  assert.equal(picture.width, 10 * 56 + 11 * 2);
  assert.equal(picture.height, 2 * 56 + 3 * 2);
  const p = trainer.probabilities(new Uint8Array(test.images.subarray(16, 16 + 784)));
  assert.equal(p.length, 10);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.equal(p.indexOf(Math.max(...p)), 0, 'the first test image is a 0');
});

test('image lab trainer: without test files a sixth of the training rows is held out; stop ends training early', async () => {
  const train = barImages(300, 10, 3);
  const data = loadImages({ trainImages: file('train-images', train.images), trainLabels: file('train-labels', train.labels) }, DIGITS);
  assert.equal(data.heldOut, true);
  assert.equal(data.train.features.rows + data.test.features.rows, 300);
  assert.equal(data.test.features.rows, 50);
  const trainer = new ImageTrainer(data);
  let calls = 0;
  const stopped = await trainer.train({ hidden: 10, activation: 'sigmoid', learningRate: 0.5, batchSize: 10, epochs: 50, seed: 1 }, () => {}, () => ++calls >= 5);
  assert.equal(stopped, true);
  assert.equal(trainer.model?.history?.epochs.length, 1);
  assert.throws(() => loadImages({ trainImages: file('labels-as-images', train.labels), trainLabels: file('train-labels', train.labels) }, DIGITS));
});

test('image lab trainer: ReLU and tanh hidden layers learn too; the same options give the same weights', async () => {
  const train = barImages(400, 10, 4);
  const data = loadImages({ trainImages: file('train-images', train.images), trainLabels: file('train-labels', train.labels) }, DIGITS);
  const weights = async (activation: 'sigmoid' | 'relu' | 'tanh', seed: number): Promise<{ accuracy: number; w: Float32Array | Float64Array }> => {
    const trainer = new ImageTrainer(data);
    await trainer.train({ hidden: 16, activation, learningRate: activation === 'sigmoid' ? 0.5 : 0.05, batchSize: 16, epochs: 3, seed }, () => {}, () => false);
    return { accuracy: trainer.accuracy(), w: trainer.model!.network.parameters()[0]!.value.data };
  };
  for (const activation of ['relu', 'tanh'] as const) {
    const { accuracy } = await weights(activation, 1);
    assert.ok(accuracy > 0.8, `${activation}: accuracy ${accuracy}`);
  }
  const [a, b, c] = [await weights('sigmoid', 3), await weights('sigmoid', 3), await weights('sigmoid', 4)];
  assert.deepEqual(a.w, b.w);
  assert.notDeepEqual(a.w, c.w);
});
