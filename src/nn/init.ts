import { UsageError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * How a weight matrix W: [fanIn, fanOut] starts. Every scheme draws from the injected Rng, so a seed fixes it.
 * - 'book': W ~ N(0, 1/fanIn), the book's `randn(rows, cols) · sqrt(1/rows)` (the book counts the bias in
 *   rows; here biases are separate and start at 0, so fanIn is the number of inputs).
 * - 'xavier-uniform' (Glorot): W ~ U(−a, a), a = sqrt(6 / (fanIn + fanOut)).
 * - 'xavier-normal': W ~ N(0, 2 / (fanIn + fanOut)).
 * - 'he-normal': W ~ N(0, 2 / fanIn), for ReLU layers.
 * - 'he-uniform': W ~ U(−a, a), a = sqrt(6 / fanIn).
 * - 'zeros': W = 0 (only sensible for a layer without hidden units after it).
 */
export type InitName = 'book' | 'xavier-uniform' | 'xavier-normal' | 'he-normal' | 'he-uniform' | 'zeros';

export const INIT_NAMES: readonly InitName[] = ['book', 'xavier-uniform', 'xavier-normal', 'he-normal', 'he-uniform', 'zeros'];

/** Fills w: [fanIn, fanOut] in place by the scheme `name`, drawing from rng; returns w. */
export function initialize(w: Tensor, name: InitName, rng: Rng): Tensor {
  if (w.rank !== 2) throw new UsageError(`initialize: weights must be [fanIn, fanOut], got rank ${w.rank}`);
  const fanIn = w.shape[0]!;
  const fanOut = w.shape[1]!;
  const d = w.data;
  const normal = (std: number): void => {
    for (let i = 0; i < d.length; i++) d[i] = rng.normal(0, std);
  };
  const uniform = (limit: number): void => {
    for (let i = 0; i < d.length; i++) d[i] = rng.uniformRange(-limit, limit);
  };
  switch (name) {
    case 'book':
      normal(Math.sqrt(1 / Math.max(1, fanIn)));
      break;
    case 'xavier-uniform':
      uniform(Math.sqrt(6 / Math.max(1, fanIn + fanOut)));
      break;
    case 'xavier-normal':
      normal(Math.sqrt(2 / Math.max(1, fanIn + fanOut)));
      break;
    case 'he-normal':
      normal(Math.sqrt(2 / Math.max(1, fanIn)));
      break;
    case 'he-uniform':
      uniform(Math.sqrt(6 / Math.max(1, fanIn)));
      break;
    case 'zeros':
      d.fill(0);
      break;
    default:
      throw new UsageError(`unknown init ${String(name)}; expected one of ${INIT_NAMES.join(', ')}`);
  }
  return w;
}
