import { DataError } from '../errors.js';

/** More classes than this means the targets are almost surely not class indices. */
export const MAX_CLASSES = 10_000;

/**
 * Checks that `targets` are class indices (whole numbers ≥ 0) and returns the number of classes:
 * `classNames.length` when names are given (every target must be below it), else max(target) + 1.
 * Errors name `source` and the first offending row (0-based).
 */
export function toClassIndices(targets: ArrayLike<number>, source: string, classNames?: readonly string[]): number {
  if (targets.length === 0) throw new DataError('no examples: cannot count classes', source);
  const limit = classNames?.length ?? MAX_CLASSES;
  let max = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (!(Number.isInteger(t) && t >= 0)) {
      throw new DataError(`target ${t} of row ${i} is not a class index (a whole number ≥ 0); is this a regression target?`, source);
    }
    if (t >= limit) {
      const why = classNames ? `there are ${limit} class names` : `more than ${MAX_CLASSES} classes; is this a regression target?`;
      throw new DataError(`target ${t} of row ${i} is too large: ${why}`, source);
    }
    if (t > max) max = t;
  }
  return classNames ? classNames.length : max + 1;
}

/**
 * "Is it class P?": 1 where targets[i] === positiveClass, else 0 — turns a multiclass set into a
 * binary one (the book's "is it a 5?").
 */
export function binaryTargets(targets: ArrayLike<number>, positiveClass: number): Float64Array {
  const out = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) out[i] = targets[i] === positiveClass ? 1 : 0;
  return out;
}
