import { type LabelOptions, resolveLabels } from './labels.js';
import { requireLabelPair } from './validate.js';

/**
 * The one set of counts that precision, recall and F1 all come from. For each class k (one-vs-rest):
 * - tp[k] = #{ yTrue = k and yPred = k }  (true positives)
 * - fp[k] = #{ yTrue ≠ k and yPred = k }  (false positives: k predicted wrongly)
 * - fn[k] = #{ yTrue = k and yPred ≠ k }  (false negatives: k missed)
 * - support[k] = #{ yTrue = k } = tp[k] + fn[k]
 */
export interface ClassCounts {
  labels: number[];
  tp: number[];
  fp: number[];
  fn: number[];
  support: number[];
}

/**
 * Per-class true positives, false positives, false negatives and support.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 * @param options which classes, in which order (see {@link LabelOptions})
 */
export function classCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: LabelOptions = {}): ClassCounts {
  requireLabelPair('classCounts', yTrue, yPred);
  return countClasses(yTrue, yPred, resolveLabels('classCounts', yTrue, yPred, options));
}

/** {@link classCounts} over labels the caller has already validated. */
export function countClasses(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: readonly number[]): ClassCounts {
  const index = new Map(labels.map((label, k) => [label, k]));
  const zeros = (): number[] => new Array<number>(labels.length).fill(0);
  const tp = zeros();
  const fp = zeros();
  const fn = zeros();
  const support = zeros();
  for (let s = 0; s < yTrue.length; s++) {
    const t = index.get(yTrue[s]!);
    if (t !== undefined) support[t]!++;
    if (yTrue[s] === yPred[s]) {
      if (t !== undefined) tp[t]!++;
    } else {
      const p = index.get(yPred[s]!);
      if (p !== undefined) fp[p]!++;
      if (t !== undefined) fn[t]!++;
    }
  }
  return { labels: [...labels], tp, fp, fn, support };
}
