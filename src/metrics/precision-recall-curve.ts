import { DataError } from '../errors.js';
import { requireScorePair, sweep } from './threshold-sweep.js';

/** Precision and recall at every distinct score used as a threshold; entry i belongs to `thresholds[i]`. */
export interface PrecisionRecallCurve {
  /** The distinct scores, ascending. */
  thresholds: number[];
  /** tp / (tp + fp) when score ≥ thresholds[i] is called positive. */
  precision: number[];
  /** tp / (tp + fn) at the same threshold; it falls from 1 as the threshold rises. */
  recall: number[];
}

/**
 * The precision-recall trade-off: for each distinct score t (ascending), call positive every sample with
 * score ≥ t and measure precision and recall (see {@link thresholdSweep}). At the lowest threshold every
 * sample is called positive, so recall = 1 and precision = the share of positives.
 * Unlike scikit-learn, the arrays have equal length: the conventional end point (recall 0, precision 1)
 * is not appended. Precision is never 0/0 here, since each threshold calls at least one sample positive.
 *
 * @param yTrue the true classes, 0 or 1, one per sample; at least one must be 1
 * @param scores any score that grows with confidence in class 1, same length
 */
export function precisionRecallCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  const fn = 'precisionRecallCurve';
  requireScorePair(fn, yTrue, scores);
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i]!;
  if (positives === 0) throw new DataError(`${fn}: yTrue has no positive samples (1s), so recall is undefined`);
  const thresholds = [...new Set(Array.from(scores))].sort((a, b) => a - b);
  const points = sweep(yTrue, scores, thresholds, Number.NaN);
  return {
    thresholds,
    precision: points.map((p) => p.precision),
    recall: points.map((p) => p.recall),
  };
}
