import { DataError, ShapeError, UsageError } from '../errors.js';

/*
 * Argument checks shared by the metrics. Each names the public function (`fn`) and the argument,
 * so a message reads e.g. `accuracyScore: yPred[2] is 1.5; labels must be whole numbers ≥ 0`.
 * Shapes that do not fit → ShapeError; unusable values → DataError; bad options → UsageError.
 */

/** Two per-sample arrays must have one value per sample each. */
export function requireSameLength(fn: string, aName: string, a: ArrayLike<number>, bName: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new ShapeError(`${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}; they need one value per sample each`);
  }
}

/** A metric over zero samples is undefined. */
export function requireNonEmpty(fn: string, name: string, a: ArrayLike<number>): void {
  if (a.length === 0) throw new DataError(`${fn}: ${name} is empty; at least one sample is needed`);
}

/** Class labels are class indices: whole numbers ≥ 0. */
export function requireLabels(fn: string, name: string, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0) {
      throw new DataError(`${fn}: ${name}[${i}] is ${v}; labels must be whole numbers ≥ 0 (class indices)`);
    }
  }
}

/** Binary targets are 0 (negative) or 1 (positive). */
export function requireBinary(fn: string, name: string, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new DataError(`${fn}: ${name}[${i}] is ${v}; binary targets must be 0 or 1`);
  }
}

/** Real-valued inputs (targets, predictions) must be finite. */
export function requireFinite(fn: string, name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new DataError(`${fn}: ${name}[${i}] is ${x[i]}; values must be finite numbers`);
  }
}

/** Scores and thresholds may be ±Infinity but not NaN (NaN has no order). */
export function requireNotNaN(fn: string, name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) throw new DataError(`${fn}: ${name}[${i}] is NaN`);
  }
}

/** The usual pair of class-label arrays: same length, at least one sample, class indices only. */
export function requireLabelPair(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  requireSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireLabels(fn, 'yTrue', yTrue);
  requireLabels(fn, 'yPred', yPred);
}

/** A class label given as an option (e.g. `positiveLabel`). */
export function requireLabelOption(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`${fn}: ${name} is ${value}; it must be a whole number ≥ 0 (a class index)`);
  }
}
