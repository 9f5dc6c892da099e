import { DataError } from '../errors.js';
import { requireFinite, requireNonEmpty, requireSameLength } from './validate.js';

/** Same length, at least one sample, finite values. */
function requireRegressionPair(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  requireSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireFinite(fn, 'yTrue', yTrue);
  requireFinite(fn, 'yPred', yPred);
}

/**
 * MSE = (1/n) Σᵢ (yTrueᵢ − yPredᵢ)², in squared units of y; lower is better.
 *
 * @param yTrue the true values, one per sample
 * @param yPred the predicted values, same length
 */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  requireRegressionPair('meanSquaredError', yTrue, yPred);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const r = yTrue[i]! - yPred[i]!;
    total += r * r;
  }
  return total / yTrue.length;
}

/**
 * MAE = (1/n) Σᵢ |yTrueᵢ − yPredᵢ|, in units of y; lower is better and large errors weigh less than in MSE.
 *
 * @param yTrue the true values, one per sample
 * @param yPred the predicted values, same length
 */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  requireRegressionPair('meanAbsoluteError', yTrue, yPred);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) total += Math.abs(yTrue[i]! - yPred[i]!);
  return total / yTrue.length;
}

/**
 * The coefficient of determination, R² = 1 − SS_res / SS_tot with
 * SS_res = Σᵢ (yTrueᵢ − yPredᵢ)² and SS_tot = Σᵢ (yTrueᵢ − ȳ)²; higher is better.
 * 1 is a perfect fit, 0 is no better than always predicting the mean ȳ, and it is negative when worse.
 * When yTrue is constant (SS_tot = 0) it is 1 for a perfect fit and 0 otherwise (scikit-learn's `force_finite`).
 * Needs at least 2 samples.
 *
 * @param yTrue the true values, one per sample
 * @param yPred the predicted values, same length
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const fn = 'r2Score';
  requireRegressionPair(fn, yTrue, yPred);
  const n = yTrue.length;
  if (n < 2) throw new DataError(`${fn}: yTrue has 1 sample; R² needs at least 2`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const r = yTrue[i]! - yPred[i]!;
    const d = yTrue[i]! - mean;
    ssRes += r * r;
    ssTot += d * d;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
