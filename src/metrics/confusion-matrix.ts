import { type LabelOptions, resolveLabels } from './labels.js';
import { requireLabelPair } from './validate.js';

/** A confusion matrix: `matrix[i][j]` counts samples whose true class is `labels[i]` and predicted class is `labels[j]`. */
export interface ConfusionMatrix {
  labels: number[];
  /** [classes, classes]; rows are true classes, columns predicted classes. */
  matrix: number[][];
}

/**
 * Counts every (true, predicted) pair: C[i][j] = #{ s : yTrue_s = labels[i] and yPred_s = labels[j] }.
 * The diagonal holds the correct predictions; row i sums to the support of class i,
 * column j to the number of times class j was predicted.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 * @param options which classes, in which order (see {@link LabelOptions}); samples whose true or
 *   predicted class is not among `labels` are not counted
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: LabelOptions = {}): ConfusionMatrix {
  const fn = 'confusionMatrix';
  requireLabelPair(fn, yTrue, yPred);
  const labels = resolveLabels(fn, yTrue, yPred, options);
  const index = new Map(labels.map((label, k) => [label, k]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let s = 0; s < yTrue.length; s++) {
    const i = index.get(yTrue[s]!);
    const j = index.get(yPred[s]!);
    if (i !== undefined && j !== undefined) matrix[i]![j]!++;
  }
  return { labels, matrix };
}
