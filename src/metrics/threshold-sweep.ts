import type { BinaryCounts } from './binary-counts.js';
import type { ZeroDivisionOptions } from './per-class-scores.js';
import { requireBinary, requireNonEmpty, requireNotNaN, requireSameLength } from './validate.js';
import { DEFAULT_ZERO_DIVISION, divide, requireZeroDivision } from './zero-division.js';

/** The binary counts, precision and recall when samples with score ≥ threshold are called positive. */
export interface ThresholdCounts extends BinaryCounts {
  threshold: number;
  /** tp / (tp + fp); `zeroDivision` when nothing is called positive. */
  precision: number;
  /** tp / (tp + fn); `zeroDivision` when yTrue has no positives. */
  recall: number;
}

/**
 * Turns scores into decisions at each threshold t (positive ⇔ score ≥ t, scikit-learn's rule) and counts them.
 * Raising t calls fewer samples positive: fp falls (precision tends to rise) while fn grows (recall falls) —
 * the precision-recall trade-off.
 * Cost O((n + T) log n) for n samples and T thresholds: one sort, then a binary search per threshold.
 *
 * @param yTrue the true classes, 0 or 1, one per sample
 * @param scores any score that grows with confidence in class 1 (a probability, a logit), same length
 * @param thresholds the thresholds to try, in any order; the result follows their order
 */
export function thresholdSweep(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  thresholds: ArrayLike<number>,
  options: ZeroDivisionOptions = {},
): ThresholdCounts[] {
  const fn = 'thresholdSweep';
  const zeroDivision = options.zeroDivision ?? DEFAULT_ZERO_DIVISION;
  requireZeroDivision(fn, zeroDivision);
  requireScorePair(fn, yTrue, scores);
  requireNotNaN(fn, 'thresholds', thresholds);
  return sweep(yTrue, scores, thresholds, zeroDivision);
}

/** Binary targets and their scores: same length, at least one sample, 0/1 targets, no NaN scores. */
export function requireScorePair(fn: string, yTrue: ArrayLike<number>, scores: ArrayLike<number>): void {
  requireSameLength(fn, 'yTrue', yTrue, 'scores', scores);
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireBinary(fn, 'yTrue', yTrue);
  requireNotNaN(fn, 'scores', scores);
}

/** {@link thresholdSweep} over inputs the caller has already validated. */
export function sweep(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  thresholds: ArrayLike<number>,
  zeroDivision: number,
): ThresholdCounts[] {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  // positivesAbove[k]: how many of the k highest-scored samples are positive.
  const positivesAbove = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) positivesAbove[k + 1] = positivesAbove[k]! + yTrue[order[k]!]!;
  const positives = positivesAbove[n]!;
  const negatives = n - positives;
  const result: ThresholdCounts[] = [];
  for (let t = 0; t < thresholds.length; t++) {
    const threshold = thresholds[t]!;
    const called = countAtLeast(scores, order, threshold);
    const tp = positivesAbove[called]!;
    const fp = called - tp;
    result.push({
      threshold,
      tp,
      fp,
      tn: negatives - fp,
      fn: positives - tp,
      precision: divide(tp, called, zeroDivision),
      recall: divide(tp, positives, zeroDivision),
    });
  }
  return result;
}

/** The number of scores ≥ threshold, by binary search over `order` (indices by descending score). */
function countAtLeast(scores: ArrayLike<number>, order: readonly number[], threshold: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (scores[order[mid]!]! >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
