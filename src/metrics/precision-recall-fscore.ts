import { UsageError } from '../errors.js';
import { type MulticlassAverage, averageScores } from './averaging.js';
import { countClasses } from './class-counts.js';
import { presentLabels, resolveLabels } from './labels.js';
import { type PerClassOptions, type ZeroDivisionLabels, scoresFromCounts } from './per-class-scores.js';
import { requireLabelOption, requireLabelPair } from './validate.js';
import { DEFAULT_ZERO_DIVISION, requireZeroDivision } from './zero-division.js';

/**
 * How the per-class scores become one number:
 * - 'binary':   the score of `positiveLabel` alone; yTrue and yPred may hold at most two classes;
 * - 'macro':    the unweighted mean over classes;
 * - 'weighted': the mean weighted by each class's support;
 * - 'micro':    the score of the counts summed over classes (equals accuracy when all classes are included).
 * For one score per class (scikit-learn's `average=None`) call {@link perClassPrecisionRecallFscore}.
 */
export type Average = 'binary' | MulticlassAverage;

const AVERAGES: readonly string[] = ['binary', 'macro', 'micro', 'weighted'];

export interface AverageOptions extends PerClassOptions {
  /** @default 'binary' (as in scikit-learn) */
  average?: Average;
  /**
   * The positive class of average 'binary'; ignored by the other modes.
   * @default 1
   */
  positiveLabel?: number;
}

/** Averaged precision, recall and F1. */
export interface AveragedScores {
  average: Average;
  precision: number;
  recall: number;
  f1: number;
  /** Σ support of the classes averaged; for 'binary', the support of the positive class. */
  support: number;
  /** The classes whose own score was 0/0 (a property of the counts; with 'micro' the pooled ratio is 0/0 only if every class's is). */
  zeroDivisionLabels: ZeroDivisionLabels;
}

/**
 * Precision, recall, F1 and support averaged as `options.average` says.
 * All three come from one pass of {@link classCounts}; see {@link scoresFromCounts} for the formulas.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 */
export function precisionRecallFscoreSupport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: AverageOptions = {},
): AveragedScores {
  return averaged('precisionRecallFscoreSupport', yTrue, yPred, options);
}

/** Averaged precision: of the samples predicted as a class, the fraction that truly are (see {@link precisionRecallFscoreSupport}). */
export function precisionScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions = {}): number {
  return averaged('precisionScore', yTrue, yPred, options).precision;
}

/** Averaged recall: of the samples of a class, the fraction predicted as it (see {@link precisionRecallFscoreSupport}). */
export function recallScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions = {}): number {
  return averaged('recallScore', yTrue, yPred, options).recall;
}

/** Averaged F1 = 2tp / (2tp + fp + fn) per class, the harmonic mean of precision and recall (see {@link precisionRecallFscoreSupport}). */
export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions = {}): number {
  return averaged('f1Score', yTrue, yPred, options).f1;
}

function averaged(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions): AveragedScores {
  const average = options.average ?? 'binary';
  if ((average as string) === 'none') {
    throw new UsageError(`${fn}: average 'none' gives one score per class; call perClassPrecisionRecallFscore instead`);
  }
  if (!AVERAGES.includes(average)) {
    throw new UsageError(`${fn}: average is '${average}'; it must be 'binary', 'macro', 'micro' or 'weighted'`);
  }
  const zeroDivision = options.zeroDivision ?? DEFAULT_ZERO_DIVISION;
  requireZeroDivision(fn, zeroDivision);
  requireLabelPair(fn, yTrue, yPred);
  const labels = average === 'binary' ? binaryLabels(fn, yTrue, yPred, options) : resolveLabels(fn, yTrue, yPred, options);
  const counts = countClasses(yTrue, yPred, labels);
  const scores = scoresFromCounts(counts, zeroDivision);
  const row = averageScores(counts, scores, average === 'binary' ? 'macro' : average, zeroDivision);
  return { average, ...row, zeroDivisionLabels: scores.zeroDivisionLabels };
}

/** Average 'binary' scores `[positiveLabel]` alone, after checking the data has at most two classes. */
function binaryLabels(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AverageOptions): number[] {
  if (options.labels !== undefined || options.numClasses !== undefined) {
    throw new UsageError(`${fn}: labels and numClasses apply to average 'macro', 'micro' or 'weighted'; average 'binary' uses positiveLabel`);
  }
  const positive = options.positiveLabel ?? 1;
  requireLabelOption(fn, 'positiveLabel', positive);
  const present = presentLabels(yTrue, yPred);
  if (present.length > 2) {
    throw new UsageError(
      `${fn}: average 'binary' needs at most 2 classes but found ${present.length} (${present.join(', ')}); ` +
        `choose average 'macro', 'micro' or 'weighted'`,
    );
  }
  if (present.length === 2 && !present.includes(positive)) {
    throw new UsageError(`${fn}: positiveLabel ${positive} is not one of the classes found (${present.join(', ')})`);
  }
  return [positive];
}
