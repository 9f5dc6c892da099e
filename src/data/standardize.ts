import { DataError } from '../errors.js';
import type { Features, Scaler } from './features.js';

/** Columns whose standard deviation is below this are only centred, never divided by ~0. */
export const MIN_STD = 1e-8;

/** Per-column mean and standard deviation, fitted on training rows and applied to every split. */
export interface Standardizer extends Scaler {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** How statistics are pooled: per column, or one mean and std over every value (the book's choice for images). */
export type StandardizeMode = 'per-feature' | 'global';

/**
 * Fits (x − mean) / std per column over `rows` (all rows when absent); with mode 'global', one mean and
 * std over all values, shared by every column — for pixels, where a border pixel that is almost always 0
 * would otherwise be blown up by its tiny std. A constant column (or set) gets std 1 so it maps to 0, not NaN.
 */
export function fitStandardizer(features: Features, rows?: ArrayLike<number>, mode: StandardizeMode = 'per-feature'): Standardizer {
  const cols = features.cols;
  const n = rows?.length ?? features.rows;
  const mean = new Float64Array(cols);
  const m2 = new Float64Array(cols);
  // Welford's update: stable for large means such as raw pixels.
  for (let r = 0; r < n; r++) {
    const i = rows ? rows[r]! : r;
    for (let j = 0; j < cols; j++) {
      const v = features.get(i, j);
      const delta = v - mean[j]!;
      mean[j]! += delta / (r + 1);
      m2[j]! += delta * (v - mean[j]!);
    }
  }
  // Values beyond ~1e154 overflow the squared deviations: redo such columns in units of their largest |x|.
  const scale = new Float64Array(cols).fill(1);
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(mean[j]!) || !Number.isFinite(m2[j]!)) scale[j] = rescaledMoments(features, rows, n, j, mean, m2);
  }
  if (mode === 'global' && cols > 0) {
    // Pool the per-column moments (Chan's parallel combination of equal-count groups).
    let total = 0;
    for (let j = 0; j < cols; j++) total += mean[j]! * scale[j]!;
    const pooledMean = total / cols;
    let pooledM2 = 0;
    for (let j = 0; j < cols; j++) pooledM2 += m2[j]! * scale[j]! ** 2 + n * (mean[j]! * scale[j]! - pooledMean) ** 2;
    mean.fill(pooledMean);
    m2.fill(pooledM2 / cols);
    scale.fill(1);
  }
  const std = new Float64Array(cols);
  const factor = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const s = n > 0 ? scale[j]! * Math.sqrt(m2[j]! / n) : 0;
    mean[j] = mean[j]! * scale[j]!;
    if (!Number.isFinite(mean[j]!) || !Number.isFinite(s)) {
      throw new DataError(`standardize: the values of column ${j + 1} are too large to standardize together (their spread overflows); rescale the data`);
    }
    std[j] = s < MIN_STD ? 1 : s;
    factor[j] = 1 / std[j]!;
  }
  return { mean, std, shift: mean, factor };
}

/** Column j's mean and M2 computed on x / max|x| (written into mean[j], m2[j]); returns max|x|. */
function rescaledMoments(features: Features, rows: ArrayLike<number> | undefined, n: number, j: number, mean: Float64Array, m2: Float64Array): number {
  let max = 0;
  for (let r = 0; r < n; r++) max = Math.max(max, Math.abs(features.get(rows ? rows[r]! : r, j)));
  mean[j] = 0;
  m2[j] = 0;
  for (let r = 0; r < n; r++) {
    const v = features.get(rows ? rows[r]! : r, j) / max;
    const delta = v - mean[j]!;
    mean[j]! += delta / (r + 1);
    m2[j]! += delta * (v - mean[j]!);
  }
  return max;
}

/** A standardizer from stored statistics (e.g. read from a model file). */
export function standardizerFrom(mean: ArrayLike<number>, std: ArrayLike<number>): Standardizer {
  const m = Float64Array.from(mean);
  const s = Float64Array.from(std);
  return { mean: m, std: s, shift: m, factor: s.map((v) => 1 / v) };
}
