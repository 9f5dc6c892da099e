/**
 * The image lab's training, with no DOM: IDX files → a LabeledSet of byte images, a network with one hidden
 * layer (sigmoid by default, as the book's), a softmax output and inputs standardized with one global mean and
 * std, trained with
 * fitAsync, and test accuracy measured along the way on a fixed sample of test rows.
 */
import { Rng, Tensor, imagesAndLabels, parseIdx, splitIndices, subset } from '../../index.js';
import type { LabeledSet } from '../../index.js';
// Not in the public API yet (see the report).
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import { weightImages } from '../../inspect/imagePictures.js';
import { tile } from '../../inspect/raster.js';
import type { Picture } from '../worker/protocol.js';
import type { ImageFiles, ImageTrainOptions } from './protocol.js';

/** Initial weights per hidden activation: the book's N(0, 1/fan-in) for sigmoid, He for ReLU, Xavier for tanh. */
const INIT = { sigmoid: 'book', relu: 'he', tanh: 'xavier' } as const satisfies Record<ImageTrainOptions['activation'], string>;

/** Test rows used for the accuracy curve: enough for ±1%, few enough to measure often. */
export const ACCURACY_ROWS = 2000;
/** Fraction of the training file held out when no test files are given. */
export const HELD_OUT = 1 / 6;

export interface ImageSets {
  train: LabeledSet;
  test: LabeledSet;
  height: number;
  width: number;
  classes: number;
  heldOut: boolean;
}

function pair(images: { name: string; bytes: ArrayBuffer }, labels: { name: string; bytes: ArrayBuffer }, classNames: readonly string[]): LabeledSet {
  const x = parseIdx(new Uint8Array(images.bytes), { source: images.name });
  const y = parseIdx(new Uint8Array(labels.bytes), { source: labels.name });
  return imagesAndLabels(x, y, { source: images.name, labelsSource: labels.name, classNames });
}

/** Parses the picked files; without test files, holds out HELD_OUT of the training rows (seeded). */
export function loadImages(files: ImageFiles, classNames: readonly string[]): ImageSets {
  const all = pair(files.trainImages, files.trainLabels, classNames);
  const [height, width, channels] = all.imageShape ?? [0, 0, 0];
  if (channels !== 1) throw new Error(`${files.trainImages.name}: the image lab takes gray images, got ${channels} channels`);
  let train = all;
  let test: LabeledSet;
  const heldOut = !(files.testImages && files.testLabels);
  if (files.testImages && files.testLabels) {
    test = pair(files.testImages, files.testLabels, classNames);
    if (test.features.cols !== all.features.cols) throw new Error(`${files.testImages.name}: test images are not ${height}×${width}`);
  } else {
    const split = splitIndices(all.features.rows, { test: HELD_OUT, rng: new Rng(17) });
    train = subset(all, split.train);
    test = subset(all, split.test);
  }
  let classes = 0;
  for (const t of train.targets) classes = Math.max(classes, t + 1);
  return { train, test, height, width, classes: Math.max(classes, classNames.length), heldOut };
}

export class ImageTrainer {
  model: NeuralNetwork | undefined;
  private readonly sample: LabeledSet;

  constructor(readonly data: ImageSets) {
    const n = Math.min(ACCURACY_ROWS, data.test.features.rows);
    this.sample = subset(data.test, Int32Array.from({ length: n }, (_, i) => i));
  }

  /** Test accuracy of the model so far on the fixed sample of test rows. */
  accuracy(): number {
    if (!this.model?.fitted) return 0;
    const predicted = this.model.predict(this.sample.features);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === this.sample.targets[i]) correct++;
    return correct / Math.max(1, predicted.length);
  }

  /** The first layer's weights as one picture: a tile per hidden unit, 10 to a row. */
  weightsPicture(): Picture {
    const weights = this.model!.network.parameters()[0]!.value;
    return tile(weightImages(weights, this.data.height, this.data.width, 2), 10, 2);
  }

  /** Class probabilities of one image given as bytes (0 = background, 255 = ink), as the files store them. */
  probabilities(pixels: Uint8Array): number[] {
    if (!this.model?.fitted) throw new Error('train the network first');
    const x = new Tensor([1, pixels.length], Float64Array.from(pixels));
    return Array.from(this.model.predictProba(x).data);
  }

  /**
   * Trains a fresh network; `report` runs after any batch at most every `everyMs` (and after the last), and
   * `shouldStop` is polled after every batch.
   */
  async train(options: ImageTrainOptions, report: (epoch: number, seen: number) => void, shouldStop: () => boolean, everyMs = 700): Promise<boolean> {
    const model = new NeuralNetwork({
      hidden: [options.hidden], activation: options.activation, output: 'softmax', init: INIT[options.activation], optimizer: 'sgd',
      learningRate: options.learningRate, batchSize: options.batchSize, epochs: options.epochs, seed: options.seed,
      standardize: 'global', dtype: 'float32',
    });
    this.model = model;
    let seen = 0;
    let last = performance.now();
    let stopped = false;
    await model.fitAsync(this.data.train.features, this.data.train.targets, {
      onBatch: (event) => {
        seen += event.samples;
        if (performance.now() - last >= everyMs) {
          report(event.epoch, seen);
          last = performance.now();
        }
      },
      shouldStop: () => {
        stopped = shouldStop();
        return stopped;
      },
    });
    report(model.history?.epochs.length ?? 0, seen);
    return stopped;
  }
}
