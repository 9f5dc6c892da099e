import { DataError, ShapeError, UsageError } from '../errors.js';
import { LOG_EPSILON, Tensor, formatShape } from '../tensor/index.js';
import { requireBinary, requireLabels, requireNonEmpty, requireSameLength } from './validate.js';

/** A row of probabilities may miss summing to 1 by this much (float32 softmax rounding) before it is refused. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 − eps] before the log, so a confident wrong prediction
   * costs −log(eps) ≈ 34.5 instead of ∞. Must be in [0, 0.5).
   * @default LOG_EPSILON (1e-15)
   */
  eps?: number;
}

/**
 * Binary cross-entropy, mean over samples; lower is better:
 * L = −(1/n) Σᵢ [ yᵢ·log pᵢ + (1 − yᵢ)·log(1 − pᵢ) ],  pᵢ clipped to [eps, 1 − eps].
 *
 * @param yTrue the true classes, 0 or 1, one per sample
 * @param probabilities P(class 1) for each sample, in [0, 1]
 */
export function binaryLogLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, options: LogLossOptions = {}): number {
  const fn = 'binaryLogLoss';
  const eps = checkedEps(fn, options);
  requireSameLength(fn, 'yTrue', yTrue, 'probabilities', probabilities);
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireBinary(fn, 'yTrue', yTrue);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = requireProbability(fn, `probabilities[${i}]`, probabilities[i]!);
    const q = clip(p, eps);
    total -= yTrue[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return total / yTrue.length;
}

/**
 * Categorical cross-entropy, mean over samples; lower is better:
 * L = −(1/n) Σᵢ log pᵢ,yᵢ,  each probability clipped to [eps, 1 − eps].
 * Each row must be a probability distribution (values in [0, 1] summing to 1 within
 * {@link PROBABILITY_SUM_TOLERANCE}), e.g. the output of a softmax — not raw logits.
 *
 * @param yTrue the true class indices, one per sample
 * @param probabilities [samples, classes]: a Tensor, or one array per sample
 */
export function categoricalLogLoss(
  yTrue: ArrayLike<number>,
  probabilities: Tensor | readonly ArrayLike<number>[],
  options: LogLossOptions = {},
): number {
  const fn = 'categoricalLogLoss';
  const eps = checkedEps(fn, options);
  const rows = asRows(fn, probabilities);
  if (rows.length !== yTrue.length) {
    throw new ShapeError(`${fn}: yTrue has ${yTrue.length} values but probabilities has ${rows.length} rows; they need one per sample each`);
  }
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireLabels(fn, 'yTrue', yTrue);
  const classes = rows[0]!.length;
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (yTrue[i]! >= classes) {
      throw new DataError(`${fn}: yTrue[${i}] is ${yTrue[i]} but probabilities has only ${classes} classes`);
    }
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += requireProbability(fn, `probabilities[${i}][${j}]`, row[j]!);
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
      throw new DataError(`${fn}: probabilities row ${i} sums to ${sum}, not 1; pass probabilities (e.g. a softmax), not scores`);
    }
    total -= Math.log(clip(row[yTrue[i]!]!, eps));
  }
  return total / rows.length;
}

function checkedEps(fn: string, options: LogLossOptions): number {
  const eps = options.eps ?? LOG_EPSILON;
  if (!(eps >= 0 && eps < 0.5)) throw new UsageError(`${fn}: eps is ${eps}; it must be in [0, 0.5)`);
  return eps;
}

function clip(p: number, eps: number): number {
  return Math.min(1 - eps, Math.max(eps, p));
}

function requireProbability(fn: string, where: string, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new DataError(`${fn}: ${where} is ${p}; probabilities must be in [0, 1]`);
  return p;
}

/** The probability matrix as rows of equal length, checking its shape. */
function asRows(fn: string, probabilities: Tensor | readonly ArrayLike<number>[]): ArrayLike<number>[] {
  if (probabilities instanceof Tensor) {
    if (probabilities.rank !== 2) {
      throw new ShapeError(`${fn}: probabilities must be a matrix [samples, classes], got ${formatShape(probabilities.shape)}`);
    }
    const [n, k] = probabilities.shape as [number, number];
    return Array.from({ length: n }, (_, i) => probabilities.data.subarray(i * k, (i + 1) * k));
  }
  const rows = [...probabilities];
  const classes = rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== classes) {
      throw new ShapeError(`${fn}: probabilities row ${i} has ${row.length} values but row 0 has ${classes}; rows must be equal`);
    }
  });
  if (rows.length > 0 && classes === 0) throw new ShapeError(`${fn}: probabilities has rows of 0 classes`);
  return rows;
}
