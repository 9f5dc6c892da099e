import type { LinearModelOptions } from '../models/options.js';

export const MODEL_KINDS = ['linear', 'logistic', 'softmax', 'perceptron'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * Defaults per model when the command line leaves them out: the book's settings for its small sets
 * (full batch, zero init, lr 0.001 with 20000 or 10000 epochs). Image sets are standardized, where a
 * larger step converges in far fewer epochs.
 */
export function defaultsFor(kind: ModelKind, images: boolean): LinearModelOptions {
  if (images) return { epochs: 100, learningRate: kind === 'linear' ? 0.01 : 0.2, batchSize: 'all' };
  switch (kind) {
    case 'linear':
      return { epochs: 20000, learningRate: 0.001 };
    case 'logistic':
      return { epochs: 10000, learningRate: 0.001 };
    case 'softmax':
      return { epochs: 10000, learningRate: 0.01 };
    case 'perceptron':
      return { epochs: 1000, learningRate: 0.1 };
  }
}
