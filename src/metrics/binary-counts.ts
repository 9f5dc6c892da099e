import { requireLabelOption, requireLabelPair } from './validate.js';

/**
 * The four cells of a binary confusion matrix, e.g. for a platypus detector
 * (positive = "it is a platypus"):
 * - tp: platypuses called platypuses;   fn: platypuses missed;
 * - fp: other animals called platypuses; tn: other animals let pass.
 */
export interface BinaryCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface BinaryCountsOptions {
  /**
   * The class that counts as positive; every other class is negative (one-vs-rest).
   * @default 1
   */
  positiveLabel?: number;
}

/**
 * Counts with positive class p: tp = #{yTrue = p, yPred = p}, fp = #{yTrue ≠ p, yPred = p},
 * fn = #{yTrue = p, yPred ≠ p}, tn = the rest; tp + fp + tn + fn = n.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 */
export function binaryCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: BinaryCountsOptions = {}): BinaryCounts {
  const fn = 'binaryCounts';
  const positive = options.positiveLabel ?? 1;
  requireLabelOption(fn, 'positiveLabel', positive);
  requireLabelPair(fn, yTrue, yPred);
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let s = 0; s < yTrue.length; s++) {
    const isPositive = yTrue[s] === positive;
    const saidPositive = yPred[s] === positive;
    if (isPositive && saidPositive) counts.tp++;
    else if (saidPositive) counts.fp++;
    else if (isPositive) counts.fn++;
    else counts.tn++;
  }
  return counts;
}
