import { kernelsFor } from '../backend.js';
import { outputTensor, requireMatrix } from '../checks.js';
import type { Tensor } from '../tensor.js';

/** The smallest probability a log is taken of: log(p) is clipped at log(1e-15) ≈ −34.5 instead of −∞. */
export const LOG_EPSILON = 1e-15;

/** σ(x) = 1 / (1 + e^−x), computed without overflow for large |x|. */
export function sigmoid(x: Tensor, out?: Tensor): Tensor {
  const result = outputTensor('sigmoid', x.shape, x.dtype, out);
  kernelsFor(x.data).sigmoid(x.data, result.data);
  return result;
}

/** max(0, x). */
export function relu(x: Tensor, out?: Tensor): Tensor {
  const result = outputTensor('relu', x.shape, x.dtype, out);
  kernelsFor(x.data).relu(x.data, result.data);
  return result;
}

/** Row-wise softmax of x [rows, classes]: e^(x − max) / Σ e^(x − max), so large logits never overflow. */
export function softmaxRows(x: Tensor, out?: Tensor): Tensor {
  requireMatrix('softmaxRows', x);
  const result = outputTensor('softmaxRows', x.shape, x.dtype, out);
  kernelsFor(x.data).softmaxRows(x.data, x.shape[0]!, x.shape[1]!, result.data);
  return result;
}

/** log Σ_j e^x[i,j] per row, stable: max + log Σ e^(x − max). x [rows, cols] → Float64Array(rows). */
export function logSumExpRows(x: Tensor): Float64Array {
  requireMatrix('logSumExpRows', x);
  const rows = x.shape[0]!;
  const cols = x.shape[1]!;
  const d = x.data;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, d[i * cols + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(d[i * cols + j]! - max);
    out[i] = max + Math.log(s);
  }
  return out;
}

/** log(p) with p clipped to [LOG_EPSILON, 1] first, so a confident wrong prediction costs a large finite loss. */
export function clippedLog(p: number): number {
  return Math.log(Math.min(1, Math.max(LOG_EPSILON, p)));
}
