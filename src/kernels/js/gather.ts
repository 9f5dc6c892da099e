import type { ColumnScale, FloatArray } from '../types.js';

export function gatherBytes(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void {
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
