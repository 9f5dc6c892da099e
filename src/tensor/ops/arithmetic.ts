import { ShapeError } from '../../errors.js';
import { kernelsFor } from '../backend.js';
import { outputTensor, requireMatrix, requireSameDtype, requireSameShape } from '../checks.js';
import { type Tensor, formatShape } from '../tensor.js';

function binary(op: string, a: Tensor, b: Tensor, out: Tensor | undefined, f: (x: number, y: number) => number): Tensor {
  requireSameShape(op, a, b);
  requireSameDtype(op, a, b);
  const result = outputTensor(op, a.shape, a.dtype, out);
  const x = a.data;
  const y = b.data;
  const r = result.data;
  for (let i = 0; i < r.length; i++) r[i] = f(x[i]!, y[i]!);
  return result;
}

/** a + b, same shapes. */
export function add(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  return binary('add', a, b, out, (x, y) => x + y);
}

/** a − b, same shapes. */
export function sub(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  return binary('sub', a, b, out, (x, y) => x - y);
}

/** a ⊙ b (elementwise product), same shapes. */
export function mul(a: Tensor, b: Tensor, out?: Tensor): Tensor {
  return binary('mul', a, b, out, (x, y) => x * y);
}

/** s · a. */
export function scale(a: Tensor, s: number, out?: Tensor): Tensor {
  const result = outputTensor('scale', a.shape, a.dtype, out);
  const x = a.data;
  const r = result.data;
  for (let i = 0; i < r.length; i++) r[i] = s * x[i]!;
  return result;
}

/** a + alpha · b, written into `out` (which may be a): the update step of gradient descent. */
export function axpy(a: Tensor, alpha: number, b: Tensor, out?: Tensor): Tensor {
  requireSameShape('axpy', a, b);
  requireSameDtype('axpy', a, b);
  const result = outputTensor('axpy', a.shape, a.dtype, out);
  kernelsFor(a.data).axpy(a.data, alpha, b.data, result.data);
  return result;
}

/** x + bias broadcast over rows: x [rows, cols], bias [cols] → [rows, cols]. */
export function addRowVector(x: Tensor, bias: Tensor, out?: Tensor): Tensor {
  requireMatrix('addRowVector', x);
  requireSameDtype('addRowVector', x, bias);
  const cols = x.shape[1]!;
  if (bias.size !== cols) {
    throw new ShapeError(`addRowVector: ${formatShape(x.shape)} + ${formatShape(bias.shape)}: bias needs ${cols} values`);
  }
  const result = outputTensor('addRowVector', x.shape, x.dtype, out);
  kernelsFor(x.data).addRowVector(x.data, bias.data, x.shape[0]!, cols, result.data);
  return result;
}

/** f applied to every element. For anything hot, prefer a kernel-backed op. */
export function map(a: Tensor, f: (x: number, index: number) => number, out?: Tensor): Tensor {
  const result = outputTensor('map', a.shape, a.dtype, out);
  const x = a.data;
  const r = result.data;
  for (let i = 0; i < r.length; i++) r[i] = f(x[i]!, i);
  return result;
}
