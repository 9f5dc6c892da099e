import { DataError, UsageError } from '../errors.js';
import { type DType, Tensor } from '../tensor/tensor.js';

export interface OneHotOptions {
  /** The element type of the result. @default 'float32' */
  dtype?: DType;
  /** Named in errors (a file or generator). */
  source?: string;
}

/**
 * Class indices [n] → one-hot rows [n, classes]: row i is 1 in column indices[i] and 0 elsewhere.
 * Every index must be a whole number in [0, classes).
 *
 * Example: oneHot([2, 0], 3) → [[0, 0, 1], [1, 0, 0]].
 */
export function oneHot(indices: ArrayLike<number>, classes: number, options: OneHotOptions = {}): Tensor {
  if (!Number.isInteger(classes) || classes < 1) throw new UsageError(`oneHot: classes must be a whole number ≥ 1, got ${classes}`);
  const n = indices.length;
  const result = Tensor.zeros([n, classes], options.dtype ?? 'float32');
  const data = result.data;
  for (let i = 0; i < n; i++) {
    const k = indices[i]!;
    if (!(Number.isInteger(k) && k >= 0 && k < classes)) {
      throw new DataError(`oneHot: target ${k} of row ${i} is not a class index in [0, ${classes})`, options.source);
    }
    data[i * classes + k] = 1;
  }
  return result;
}
