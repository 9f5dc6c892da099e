import type { FloatArray } from '../types.js';

export function addRowVector(x: FloatArray, bias: FloatArray, rows: number, cols: number, out: FloatArray): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[row + j] = x[row + j]! + bias[j]!;
  }
}

export function sumRows(x: FloatArray, rows: number, cols: number, out: FloatArray): void {
  out.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j]! += x[row + j]!;
  }
}

export function sigmoid(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // Two branches keep e^t from overflowing for large |x|.
    if (v >= 0) {
      out[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
}

export function relu(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? v : 0;
  }
}

export function softmaxRows(x: FloatArray, rows: number, cols: number, out: FloatArray): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[row + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[row + j]! - max);
      out[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) out[row + j]! *= inv;
  }
}

export function axpy(a: FloatArray, alpha: number, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + alpha * b[i]!;
}
