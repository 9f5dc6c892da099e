import { UsageError } from '../errors.js';
import type { DType } from '../tensor/tensor.js';
import type { EpochRecord } from '../train/history.js';
import type { BatchEvent } from '../train/fit.js';
import type { TrainingState } from './trainingState.js';

/** Hyperparameters shared by the book's linear models. */
export interface LinearModelOptions {
  /** step size of gradient descent. @default 0.001 (the book's) */
  learningRate?: number;
  /** passes over the training data. @default 1000 */
  epochs?: number;
  /** rows per step, or 'all' for full-batch gradient descent as in the book. @default 'all' */
  batchSize?: number | 'all';
  /** starting weights: all zeros as in the book, or small seeded normal values. @default 'zeros' */
  init?: 'zeros' | 'random';
  /** seed of every random choice (initial weights, shuffling). @default 0 */
  seed?: number;
  /** float type of parameters and batches. @default 'float32' */
  dtype?: DType;
  /** standardize each input column with statistics of the training rows, kept with the model. @default false */
  /** true standardizes each column; 'global' uses one mean and std over all values (images). */
  standardize?: boolean | 'global';
}

/** Per-call training hooks (not hyperparameters). */
export interface FitCallbacks {
  onBatch?: (event: BatchEvent) => void;
  /** return false to stop after this epoch */
  onEpoch?: (record: EpochRecord) => boolean | void;
  shouldStop?: () => boolean;
  /** continue from a checkpoint of this model (setLearned first): same result as a run that never stopped */
  resume?: TrainingState;
}

export type ResolvedLinearOptions = Required<LinearModelOptions>;

export function resolveLinearOptions(options: LinearModelOptions, defaults: Partial<LinearModelOptions> = {}): ResolvedLinearOptions {
  const o: ResolvedLinearOptions = {
    learningRate: options.learningRate ?? defaults.learningRate ?? 0.001,
    epochs: options.epochs ?? defaults.epochs ?? 1000,
    batchSize: options.batchSize ?? defaults.batchSize ?? 'all',
    init: options.init ?? defaults.init ?? 'zeros',
    seed: options.seed ?? defaults.seed ?? 0,
    dtype: options.dtype ?? defaults.dtype ?? 'float32',
    standardize: options.standardize ?? defaults.standardize ?? false,
  };
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) {
    throw new UsageError(`learningRate must be a positive number, got ${o.learningRate}`);
  }
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new UsageError(`epochs must be a whole number ≥ 0, got ${o.epochs}`);
  if (o.batchSize !== 'all' && (!Number.isInteger(o.batchSize) || o.batchSize < 1)) {
    throw new UsageError(`batchSize must be a whole number ≥ 1 or 'all', got ${o.batchSize}`);
  }
  if (o.init !== 'zeros' && o.init !== 'random') throw new UsageError(`init must be 'zeros' or 'random', got ${String(o.init)}`);
  if (o.dtype !== 'float32' && o.dtype !== 'float64') throw new UsageError(`dtype must be 'float32' or 'float64', got ${String(o.dtype)}`);
  return o;
}
