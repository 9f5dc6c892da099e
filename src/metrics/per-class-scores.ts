import type { ClassCounts } from './class-counts.js';
import { countClasses } from './class-counts.js';
import { type LabelOptions, resolveLabels } from './labels.js';
import { requireLabelPair } from './validate.js';
import { DEFAULT_ZERO_DIVISION, divide, requireZeroDivision } from './zero-division.js';

/** The classes whose score was 0/0 and so took the `zeroDivision` value instead. */
export interface ZeroDivisionLabels {
  /** Never predicted: tp + fp = 0. */
  precision: number[];
  /** Never true: tp + fn = 0 (support 0). */
  recall: number[];
  /** Neither predicted nor true: tp + fp + fn = 0. */
  f1: number[];
}

/** Precision, recall, F1 and support of each class; entry k belongs to `labels[k]`. */
export interface PerClassScores {
  labels: number[];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  zeroDivisionLabels: ZeroDivisionLabels;
}

export interface ZeroDivisionOptions {
  /**
   * The score of a 0/0 ratio: 0, 1, or NaN (NaN scores are left out of averages).
   * @default 0
   */
  zeroDivision?: number;
}

export interface PerClassOptions extends LabelOptions, ZeroDivisionOptions {}

/**
 * Scores from counts, per class k:
 * - precision = tp / (tp + fp)   — of the samples predicted k, the fraction that are k;
 * - recall    = tp / (tp + fn)   — of the samples that are k, the fraction predicted k;
 * - F1 = 2·P·R / (P + R) = 2tp / (2tp + fp + fn) — their harmonic mean, taken from the counts
 *   so it is 0/0 only when the class is neither true nor predicted anywhere.
 * A 0/0 ratio becomes `zeroDivision`, and its label is listed in `zeroDivisionLabels`.
 */
export function scoresFromCounts(counts: ClassCounts, zeroDivision: number = DEFAULT_ZERO_DIVISION): PerClassScores {
  requireZeroDivision('scoresFromCounts', zeroDivision);
  const { labels, tp, fp, fn, support } = counts;
  const result: PerClassScores = {
    labels: [...labels],
    precision: [],
    recall: [],
    f1: [],
    support: [...support],
    zeroDivisionLabels: { precision: [], recall: [], f1: [] },
  };
  const undefinedAt = result.zeroDivisionLabels;
  for (let k = 0; k < labels.length; k++) {
    const t = tp[k]!;
    const predicted = t + fp[k]!;
    const actual = t + fn[k]!;
    const f1Denominator = 2 * t + fp[k]! + fn[k]!;
    result.precision.push(divide(t, predicted, zeroDivision));
    result.recall.push(divide(t, actual, zeroDivision));
    result.f1.push(divide(2 * t, f1Denominator, zeroDivision));
    if (predicted === 0) undefinedAt.precision.push(labels[k]!);
    if (actual === 0) undefinedAt.recall.push(labels[k]!);
    if (f1Denominator === 0) undefinedAt.f1.push(labels[k]!);
  }
  return result;
}

/**
 * Precision, recall, F1 and support of every class (scikit-learn's `average=None`).
 * For a single averaged number use {@link precisionScore}, {@link recallScore}, {@link f1Score}.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 */
export function perClassPrecisionRecallFscore(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PerClassOptions = {},
): PerClassScores {
  const fn = 'perClassPrecisionRecallFscore';
  const zeroDivision = options.zeroDivision ?? DEFAULT_ZERO_DIVISION;
  requireZeroDivision(fn, zeroDivision);
  requireLabelPair(fn, yTrue, yPred);
  const labels = resolveLabels(fn, yTrue, yPred, options);
  return scoresFromCounts(countClasses(yTrue, yPred, labels), zeroDivision);
}
