import { ShapeError } from '../../errors.js';
import { outputTensor, requireMatrix } from '../checks.js';
import type { Tensor } from '../tensor.js';

/** The rows of x [rows, cols] at `indices`, in that order → [indices.length, cols]. */
export function gatherRows(x: Tensor, indices: ArrayLike<number>, out?: Tensor): Tensor {
  requireMatrix('gatherRows', x);
  const rows = x.shape[0]!;
  const cols = x.shape[1]!;
  const result = outputTensor('gatherRows', [indices.length, cols], x.dtype, out);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    if (!(i >= 0 && i < rows)) throw new ShapeError(`gatherRows: row ${i} is outside [0, ${rows})`);
    result.data.set(x.data.subarray(i * cols, (i + 1) * cols), r * cols);
  }
  return result;
}

/** Rows [start, end) of x as a view that shares x's data. */
export function sliceRows(x: Tensor, start: number, end: number): Tensor {
  requireMatrix('sliceRows', x);
  const cols = x.shape[1]!;
  if (!(start >= 0 && start <= end && end <= x.shape[0]!)) {
    throw new ShapeError(`sliceRows: [${start}, ${end}) is outside [0, ${x.shape[0]}]`);
  }
  return new (x.constructor as typeof Tensor)([end - start, cols], x.data.subarray(start * cols, end * cols));
}

/** xᵀ: [rows, cols] → [cols, rows]. */
export function transpose(x: Tensor, out?: Tensor): Tensor {
  requireMatrix('transpose', x);
  const rows = x.shape[0]!;
  const cols = x.shape[1]!;
  const result = outputTensor('transpose', [cols, rows], x.dtype, out);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) result.data[j * rows + i] = x.data[i * cols + j]!;
  return result;
}
