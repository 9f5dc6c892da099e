import { DataError, UsageError } from '../errors.js';

/** Which classes a classification metric reports on, and in which order. Give at most one. */
export interface LabelOptions {
  /**
   * The classes, in the order of the output rows. Samples whose label is not listed
   * are left out of the counts of other classes (as in scikit-learn).
   * @default the sorted union of the labels found in yTrue and yPred
   */
  labels?: readonly number[];
  /**
   * The classes are 0 … numClasses − 1, including any that never occur. A label ≥ numClasses is an error.
   * @default the sorted union of the labels found in yTrue and yPred
   */
  numClasses?: number;
}

/**
 * The class list of a metric over already-validated label arrays (see {@link LabelOptions}).
 * Throws UsageError for contradictory or malformed options, DataError for a label ≥ numClasses.
 */
export function resolveLabels(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: LabelOptions): number[] {
  const { labels, numClasses } = options;
  if (labels !== undefined && numClasses !== undefined) {
    throw new UsageError(`${fn}: give labels or numClasses, not both`);
  }
  if (labels !== undefined) return checkedLabels(fn, labels);
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new UsageError(`${fn}: numClasses is ${numClasses}; it must be a whole number ≥ 1`);
    }
    requireBelow(fn, 'yTrue', yTrue, numClasses);
    requireBelow(fn, 'yPred', yPred, numClasses);
    return Array.from({ length: numClasses }, (_, k) => k);
  }
  return presentLabels(yTrue, yPred);
}

/** The sorted distinct labels found in yTrue and yPred. */
export function presentLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) seen.add(yTrue[i]!);
  for (let i = 0; i < yPred.length; i++) seen.add(yPred[i]!);
  return [...seen].sort((a, b) => a - b);
}

function checkedLabels(fn: string, labels: readonly number[]): number[] {
  if (labels.length === 0) throw new UsageError(`${fn}: labels is empty; list at least one class`);
  const seen = new Set<number>();
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0) {
      throw new UsageError(`${fn}: labels contains ${label}; labels must be whole numbers ≥ 0 (class indices)`);
    }
    if (seen.has(label)) throw new UsageError(`${fn}: labels lists ${label} twice`);
    seen.add(label);
  }
  return [...labels];
}

function requireBelow(fn: string, name: string, y: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < y.length; i++) {
    if (y[i]! >= numClasses) {
      throw new DataError(`${fn}: ${name}[${i}] is ${y[i]} but numClasses is ${numClasses}; labels must be < numClasses`);
    }
  }
}
