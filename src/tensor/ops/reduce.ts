import { outputTensor, requireMatrix } from '../checks.js';
import { kernelsFor } from '../backend.js';
import type { Tensor } from '../tensor.js';

/** Σ of all elements, accumulated in float64. */
export function sum(a: Tensor): number {
  let s = 0;
  const x = a.data;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

/** Mean of all elements. */
export function mean(a: Tensor): number {
  return a.size === 0 ? Number.NaN : sum(a) / a.size;
}

/** Column sums: x [rows, cols] → [cols] (the gradient of a bias). */
export function sumRows(x: Tensor, out?: Tensor): Tensor {
  requireMatrix('sumRows', x);
  const cols = x.shape[1]!;
  const result = outputTensor('sumRows', [cols], x.dtype, out);
  kernelsFor(x.data).sumRows(x.data, x.shape[0]!, cols, result.data);
  return result;
}

/** Index of the largest value in each row: x [rows, cols] → Int32Array(rows). Ties go to the first. */
export function argmaxRows(x: Tensor, out?: Int32Array): Int32Array {
  requireMatrix('argmaxRows', x);
  const rows = x.shape[0]!;
  const cols = x.shape[1]!;
  const result = out ?? new Int32Array(rows);
  const d = x.data;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = d[i * cols]!;
    for (let j = 1; j < cols; j++) {
      const v = d[i * cols + j]!;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    result[i] = best;
  }
  return result;
}

/** True when no element is NaN or ±Infinity. */
export function allFinite(a: Tensor): boolean {
  const x = a.data;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}
