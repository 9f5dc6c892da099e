import { allocateForKernels, releaseForKernels } from '../tensor/backend.js';
import { type DType, type Shape, Tensor, dtypeOf } from '../tensor/tensor.js';
import type { FloatArray } from '../kernels/types.js';

/** Views kept per Scratch: enough for a training batch, its remainder, and prediction batches. */
const MAX_VIEWS = 8;

/**
 * A reusable output buffer for a layer. `tensor(shape, dtype)` hands out the same Tensor while the shape and
 * dtype stay the same; a new batch size gets a view over one backing array, which grows only when a larger
 * batch arrives. So a training loop allocates nothing per batch once it has seen each batch size once.
 * The backing array lives where the kernels use it without copies (allocateForKernels); when it grows, the
 * old one is given back at once, so tensors handed out before are valid only until the next call.
 */
export class Scratch {
  private data: FloatArray | undefined;
  private views = new Map<number, Tensor>();

  tensor(shape: Shape, dtype: DType): Tensor {
    const rows = shape[0] ?? 1;
    const cached = this.views.get(rows);
    if (cached && cached.dtype === dtype && sameShape(cached.shape, shape)) return cached;
    let size = 1;
    for (const d of shape) size *= d;
    if (!this.data || this.data.length < size || dtypeOf(this.data) !== dtype) {
      if (this.data) releaseForKernels(this.data);
      this.data = allocateForKernels(size, dtype);
      this.views.clear();
    } else if (cached || this.views.size >= MAX_VIEWS) {
      // The trailing shape changed (old views describe another layout), or many batch sizes came by.
      this.views.clear();
    }
    const view = new Tensor(shape, this.data.subarray(0, size));
    this.views.set(rows, view);
    return view;
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
