import type { Features } from './features.js';

/**
 * Examples with their targets. `targets[i]` is a number for regression and a class index
 * (0 … classNames.length − 1) for classification; which it is, the model decides.
 */
export interface LabeledSet {
  /** Where the data came from, for messages: a file path or a generator name. */
  readonly source: string;
  readonly features: Features;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly targets: Float64Array;
  /** Names of the classes when the targets are classes (e.g. Fashion-MNIST's "T-shirt/top", …). */
  readonly classNames?: readonly string[];
  /** Image shape [height, width, channels] when each row is an image. */
  readonly imageShape?: readonly [number, number, number];
}

/** A dataset with its train split and, when it has one, its test split. */
export interface SplitSet {
  readonly train: LabeledSet;
  readonly test?: LabeledSet;
}
