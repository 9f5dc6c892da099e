import { ShapeError } from '../../errors.js';
import type { EpilogueActivation } from '../../kernels/types.js';
import { kernelsFor } from '../backend.js';
import { outputTensor, requireMatrix, requireSameDtype } from '../checks.js';
import { type Tensor, formatShape } from '../tensor.js';

export interface MatmulOptions {
  /** use Aᵀ: a is stored as [k, m] */
  transA?: boolean;
  /** use Bᵀ: b is stored as [n, k] */
  transB?: boolean;
  /** add the product into `out` instead of overwriting it */
  accumulate?: boolean;
  /** where to write the [m, n] result; allocated when absent */
  out?: Tensor;
  /** [n]: added to every row of the product (a layer's bias), in the same pass */
  bias?: Tensor;
  /** applied to every element last (after the bias), in the same pass */
  activation?: EpilogueActivation;
}

/** Matrix product op(a) · op(b): [m, k] · [k, n] → [m, n]; then + bias and the activation, when given. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  requireMatrix('matmul', a, 'left operand');
  requireMatrix('matmul', b, 'right operand');
  requireSameDtype('matmul', a, b);
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const [m, kA] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kB, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (kA !== kB) {
    const left = `${formatShape(a.shape)}${transA ? 'ᵀ' : ''}`;
    const right = `${formatShape(b.shape)}${transB ? 'ᵀ' : ''}`;
    throw new ShapeError(`matmul: ${left} x ${right}: inner dimensions differ`);
  }
  if (options.accumulate && options.out === undefined) throw new ShapeError('matmul: accumulate needs an out tensor');
  const { bias, activation } = options;
  if (bias !== undefined) {
    requireSameDtype('matmul', a, bias);
    if (bias.rank !== 1 || bias.size !== n) throw new ShapeError(`matmul: bias ${formatShape(bias.shape)} does not match the ${n} columns of the product`);
  }
  const out = outputTensor('matmul', [m, n], a.dtype, options.out);
  const spec = { m, n, k: kA, transA, transB, accumulate: options.accumulate ?? false };
  const epilogue = bias !== undefined || activation !== undefined ? { ...(bias ? { bias: bias.data } : {}), ...(activation ? { activation } : {}) } : undefined;
  kernelsFor(a.data).gemm(spec, a.data, b.data, out.data, epilogue);
  return out;
}
