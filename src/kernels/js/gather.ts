import type { ColumnScale, FloatArray } from '../types.js';

/**
 * Rows of bytes to floats. Into float32, the scale is float32 arithmetic (shift and factor rounded to float32,
 * then one rounding after the subtraction and one after the product, as Math.fround spells out): what SIMD
 * lanes compute four at a time, so every backend gives the same bits. Into float64, float64 arithmetic.
 */
export function gatherBytes(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void {
  if (scale !== undefined && out instanceof Float32Array) {
    const shift = Float32Array.from(scale.shift.subarray(0, cols));
    const factor = Float32Array.from(scale.factor.subarray(0, cols));
    for (let r = 0; r < indices.length; r++) {
      const src = indices[r]! * cols;
      const dst = r * cols;
      for (let j = 0; j < cols; j++) out[dst + j] = Math.fround(Math.fround(x[src + j]! - shift[j]!) * factor[j]!);
    }
    return;
  }
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * cols;
    const dst = r * cols;
    if (scale === undefined) {
      for (let j = 0; j < cols; j++) out[dst + j] = x[src + j]!;
    } else {
      const { shift, factor } = scale;
      for (let j = 0; j < cols; j++) out[dst + j] = (x[src + j]! - shift[j]!) * factor[j]!;
    }
  }
}
