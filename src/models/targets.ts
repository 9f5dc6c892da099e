import { DataError } from '../errors.js';
import { type DType, Tensor } from '../tensor/tensor.js';

/** Checks that every target is 0 or 1. */
export function checkBinary(y: ArrayLike<number>, op: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) {
      throw new DataError(`${op}: target ${i} is ${v}; a binary classifier needs 0/1 labels (use --positive CLASS for a one-against-the-rest task)`);
    }
  }
}

/** The targets as one column [rows, 1]. */
export function column(y: ArrayLike<number>, dtype: DType): Tensor {
  const t = Tensor.zeros([y.length, 1], dtype);
  for (let i = 0; i < y.length; i++) t.data[i] = y[i]!;
  return t;
}

