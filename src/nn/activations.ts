import { UsageError } from '../errors.js';
import { relu as reluOp, sigmoid as sigmoidOp } from '../tensor/ops/functions.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { sigmoidScalar } from './losses.js';

/**
 * An elementwise activation y = f(x) with its derivative beside it.
 * `grad(x, y)` is f′(x), given both the input x and the output y = f(x) so that sigmoid and tanh can use
 * the cheap forms σ′ = y(1 − y) and tanh′ = 1 − y².
 */
export interface ActivationFunction {
  readonly name: string;
  fn(x: number): number;
  grad(x: number, y: number): number;
  /** a whole-tensor forward through a kernel (out may alias x), when one exists */
  apply?(x: Tensor, out: Tensor): void;
  /** a whole-tensor backward out = gradOut ⊙ f′(x) in one loop (the same values as `grad` element by element) */
  applyGrad?(x: Tensor, y: Tensor, gradOut: Tensor, out: Tensor): void;
}

/** σ(x) = 1 / (1 + e^−x); σ′(x) = σ(x)(1 − σ(x)). */
export const sigmoidActivation: ActivationFunction = {
  name: 'sigmoid',
  fn: sigmoidScalar,
  grad: (_x, y) => y * (1 - y),
  apply: (x, out) => void sigmoidOp(x, out),
  applyGrad: (_x, y, gradOut, out) => kernelsFor(out.data).sigmoidBackward(y.data, gradOut.data, out.data),
};

/** tanh(x); tanh′(x) = 1 − tanh²(x). */
export const tanhActivation: ActivationFunction = {
  name: 'tanh',
  fn: Math.tanh,
  grad: (_x, y) => 1 - y * y,
  applyGrad: (_x, y, gradOut, out) => {
    const yd = y.data;
    const gd = gradOut.data;
    const od = out.data;
    for (let i = 0; i < od.length; i++) od[i] = gd[i]! * (1 - yd[i]! * yd[i]!);
  },
};

/** max(0, x); its derivative is 1 for x > 0 and 0 otherwise (0 is taken at x = 0). */
export const reluActivation: ActivationFunction = {
  name: 'relu',
  fn: (x) => (x > 0 ? x : 0),
  grad: (x) => (x > 0 ? 1 : 0),
  apply: (x, out) => void reluOp(x, out),
  applyGrad: (x, _y, gradOut, out) => kernelsFor(out.data).reluBackward(x.data, gradOut.data, out.data),
};

/** The identity f(x) = x; f′ = 1. */
export const linearActivation: ActivationFunction = {
  name: 'linear',
  fn: (x) => x,
  grad: () => 1,
};

/** The default slope of leaky ReLU for x < 0. */
export const LEAKY_RELU_ALPHA = 0.01;

/** Leaky ReLU: x for x > 0, αx otherwise; derivative 1 or α. */
export function leakyReluActivation(alpha = LEAKY_RELU_ALPHA): ActivationFunction {
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new UsageError(`leaky relu: alpha must be a number ≥ 0, got ${alpha}`);
  return {
    name: 'leaky-relu',
    fn: (x) => (x > 0 ? x : alpha * x),
    grad: (x) => (x > 0 ? 1 : alpha),
  };
}

export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'linear';

export const ACTIVATION_NAMES: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear'];

/** The activation called `name`; `alpha` is leaky ReLU's slope. */
export function activationByName(name: ActivationName, alpha = LEAKY_RELU_ALPHA): ActivationFunction {
  switch (name) {
    case 'sigmoid':
      return sigmoidActivation;
    case 'tanh':
      return tanhActivation;
    case 'relu':
      return reluActivation;
    case 'leaky-relu':
      return leakyReluActivation(alpha);
    case 'linear':
      return linearActivation;
    default:
      throw new UsageError(`unknown activation ${String(name)}; expected one of ${ACTIVATION_NAMES.join(', ')}`);
  }
}
