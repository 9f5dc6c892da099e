import { UsageError } from '../errors.js';
import { type AveragedRow, averageScores } from './averaging.js';
import { countClasses } from './class-counts.js';
import { type LabelOptions, resolveLabels } from './labels.js';
import { type ZeroDivisionLabels, type ZeroDivisionOptions, scoresFromCounts } from './per-class-scores.js';
import { requireLabelPair } from './validate.js';
import { DEFAULT_ZERO_DIVISION, requireZeroDivision } from './zero-division.js';

/** The scores of one class. */
export interface ClassReportRow extends AveragedRow {
  label: number;
  name: string;
}

/** Everything a classification report shows, as data; {@link formatClassificationReport} turns it into text. */
export interface ClassificationReport {
  /** One row per class, in label order. */
  classes: ClassReportRow[];
  /** The fraction of all samples predicted correctly. */
  accuracy: number;
  /** The number of samples. */
  support: number;
  /** The unweighted mean over classes. */
  macroAvg: AveragedRow;
  /** The mean weighted by support. */
  weightedAvg: AveragedRow;
  zeroDivisionLabels: ZeroDivisionLabels;
}

export interface ClassificationReportOptions extends LabelOptions, ZeroDivisionOptions {
  /**
   * `classNames[label]` names class `label` (indexed by the class index, not by row).
   * When given without labels or numClasses, every named class gets a row, even one that never occurs.
   * @default the label as a string: '0', '1', …
   */
  classNames?: readonly string[];
}

/**
 * Per-class precision, recall, F1 and support (see {@link scoresFromCounts}), with accuracy and the
 * macro and weighted averages (see {@link averageScores}) — scikit-learn's `classification_report(output_dict=True)`.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const fn = 'classificationReport';
  const zeroDivision = options.zeroDivision ?? DEFAULT_ZERO_DIVISION;
  requireZeroDivision(fn, zeroDivision);
  requireLabelPair(fn, yTrue, yPred);
  const { classNames } = options;
  let labels = resolveLabels(fn, yTrue, yPred, options);
  if (classNames !== undefined && options.labels === undefined && options.numClasses === undefined) {
    // Every named class gets a row; a label beyond the names is caught just below.
    const named = classNames.map((_, k) => k);
    labels = [...new Set([...named, ...labels])].sort((a, b) => a - b);
  }
  if (classNames !== undefined) {
    const unnamed = labels.find((label) => label >= classNames.length);
    if (unnamed !== undefined) {
      throw new UsageError(`${fn}: classNames has ${classNames.length} names, so class ${unnamed} has none`);
    }
  }
  const counts = countClasses(yTrue, yPred, labels);
  const scores = scoresFromCounts(counts, zeroDivision);
  let correct = 0;
  for (let s = 0; s < yTrue.length; s++) if (yTrue[s] === yPred[s]) correct++;
  return {
    classes: labels.map((label, k) => ({
      label,
      name: classNames?.[label] ?? String(label),
      precision: scores.precision[k]!,
      recall: scores.recall[k]!,
      f1: scores.f1[k]!,
      support: scores.support[k]!,
    })),
    accuracy: correct / yTrue.length,
    support: yTrue.length,
    macroAvg: averageScores(counts, scores, 'macro', zeroDivision),
    weightedAvg: averageScores(counts, scores, 'weighted', zeroDivision),
    zeroDivisionLabels: scores.zeroDivisionLabels,
  };
}
