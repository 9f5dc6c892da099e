import type { FloatArray } from '../types.js';

export function softmaxCrossEntropy(z: FloatArray, t: FloatArray, rows: number, cols: number, grad: FloatArray): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, z[o + j]!);
    let sum = 0;
    let tSum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(z[o + j]! - max);
      grad[o + j] = e;
      sum += e;
      tSum += t[o + j]!;
    }
    const lse = max + Math.log(sum);
    // As the WebAssembly kernel: two divisions a row, not two an element.
    const toProbability = tSum / sum;
    const perRow = 1 / rows;
    for (let j = 0; j < cols; j++) {
      loss += t[o + j]! * (lse - z[o + j]!);
      grad[o + j] = (grad[o + j]! * toProbability - t[o + j]!) * perRow;
    }
  }
  return loss / rows;
}
