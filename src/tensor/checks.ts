import { ShapeError } from '../errors.js';
import { type DType, type Shape, Tensor, allocate, formatShape, sizeOf } from './tensor.js';

export function requireMatrix(op: string, t: Tensor, name = 'input'): void {
  if (t.rank !== 2) throw new ShapeError(`${op}: ${name} must be a matrix [rows, cols], got ${formatShape(t.shape)}`);
}

export function requireSameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: ${formatShape(a.shape)} and ${formatShape(b.shape)}: shapes differ`);
  }
}

export function requireSameDtype(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new ShapeError(`${op}: cannot mix ${a.dtype} and ${b.dtype}`);
}

/** The output tensor of an op: the caller's `out` after checking its shape and type, or a new one. */
export function outputTensor(op: string, shape: Shape, dtype: DType, out?: Tensor): Tensor {
  if (out === undefined) return new Tensor(shape, allocate(sizeOf(shape), dtype));
  if (out.size !== sizeOf(shape) || out.shape.length !== shape.length || out.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: out has shape ${formatShape(out.shape)}, expected ${formatShape(shape)}`);
  }
  if (out.dtype !== dtype) throw new ShapeError(`${op}: out is ${out.dtype}, expected ${dtype}`);
  return out;
}
