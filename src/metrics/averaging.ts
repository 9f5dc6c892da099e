import type { ClassCounts } from './class-counts.js';
import type { PerClassScores } from './per-class-scores.js';
import { divide } from './zero-division.js';

/** How per-class counts become one number (the multiclass modes; 'binary' is macro over the positive class alone). */
export type MulticlassAverage = 'macro' | 'micro' | 'weighted';

/** One averaged precision, recall, F1 and the total support they cover. */
export interface AveragedRow {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * - macro:    the plain mean over classes — every class counts the same, however rare;
 * - weighted: the mean weighted by support — every sample counts the same;
 * - micro:    the counts are summed over classes first, then P = Σtp / Σ(tp + fp), R = Σtp / Σ(tp + fn),
 *             F1 = 2Σtp / Σ(2tp + fp + fn). Over all classes every error is one fp and one fn, so all three equal accuracy.
 * NaN scores (from zeroDivision NaN) are skipped by macro and weighted; an average with nothing
 * (or only weight 0) left is `zeroDivision`.
 */
export function averageScores(
  counts: ClassCounts,
  scores: PerClassScores,
  average: MulticlassAverage,
  zeroDivision: number,
): AveragedRow {
  const support = sumOf(counts.support);
  if (average === 'micro') {
    const tp = sumOf(counts.tp);
    const fp = sumOf(counts.fp);
    const fn = sumOf(counts.fn);
    return {
      precision: divide(tp, tp + fp, zeroDivision),
      recall: divide(tp, tp + fn, zeroDivision),
      f1: divide(2 * tp, 2 * tp + fp + fn, zeroDivision),
      support,
    };
  }
  const weights = average === 'weighted' ? counts.support : undefined;
  return {
    precision: nanMean(scores.precision, weights, zeroDivision),
    recall: nanMean(scores.recall, weights, zeroDivision),
    f1: nanMean(scores.f1, weights, zeroDivision),
    support,
  };
}

function sumOf(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Σ wₖ·vₖ / Σ wₖ over the k with vₖ not NaN (wₖ = 1 when no weights are given). */
function nanMean(values: readonly number[], weights: readonly number[] | undefined, zeroDivision: number): number {
  let total = 0;
  let weightSum = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (Number.isNaN(v)) continue;
    const w = weights === undefined ? 1 : weights[k]!;
    total += w * v;
    weightSum += w;
  }
  return divide(total, weightSum, zeroDivision);
}
