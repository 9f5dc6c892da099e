import { ShapeError } from '../errors.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/tensor.js';

/**
 * A loss on a network's last pre-activation z [rows, outputs] against targets y [rows, outputs],
 * with its gradient beside it. Losses that pair with an output activation (sigmoid, softmax) take the
 * logits and fuse the two: the fused gradient is simpler and never divides by a probability near 0.
 * Every loss is a mean over rows and a sum over outputs.
 */
export interface Loss {
  readonly name: string;
  /** the activation the loss applies to z before comparing, for predictions */
  readonly output: 'linear' | 'sigmoid' | 'softmax' | 'sign';
  fn(z: Tensor, y: Tensor): number;
  /** writes ∂loss/∂z into out ([rows, outputs]) */
  grad(z: Tensor, y: Tensor, out: Tensor): void;
  /** fn and grad in one pass, where sharing the work pays (the softmax's exponentials) */
  fnAndGrad?(z: Tensor, y: Tensor, out: Tensor): number;
}

function check(name: string, z: Tensor, y: Tensor): number {
  if (z.size !== y.size || z.rank !== 2) {
    throw new ShapeError(`${name}: predictions ${formatShape(z.shape)} and targets ${formatShape(y.shape)} differ`);
  }
  return z.shape[0]!;
}

/** log(1 + e^z) without overflow: max(z, 0) + log(1 + e^−|z|). */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** σ(z) without overflow. */
export function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Mean squared error: (1/N) Σ (z − y)²; ∂/∂z = 2(z − y)/N. */
export const meanSquaredErrorLoss: Loss = {
  name: 'mean-squared-error',
  output: 'linear',
  fn(z, y) {
    const n = check(this.name, z, y);
    let s = 0;
    for (let i = 0; i < z.size; i++) {
      const d = z.data[i]! - y.data[i]!;
      s += d * d;
    }
    return s / n;
  },
  grad(z, y, out) {
    const n = check(this.name, z, y);
    for (let i = 0; i < z.size; i++) out.data[i] = (2 * (z.data[i]! - y.data[i]!)) / n;
  },
};

/**
 * Binary log loss on logits: −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z, exact for any z;
 * ∂/∂z = (σ(z) − y)/N.
 */
export const sigmoidLogLoss: Loss = {
  name: 'binary-log-loss',
  output: 'sigmoid',
  fn(z, y) {
    const n = check(this.name, z, y);
    let s = 0;
    for (let i = 0; i < z.size; i++) s += softplus(z.data[i]!) - y.data[i]! * z.data[i]!;
    return s / n;
  },
  grad(z, y, out) {
    const n = check(this.name, z, y);
    for (let i = 0; i < z.size; i++) out.data[i] = (sigmoidScalar(z.data[i]!) - y.data[i]!) / n;
  },
};

/**
 * Categorical cross-entropy on logits with one-hot (or probability) targets:
 * −Σ_j y_j log softmax(z)_j = (Σ_j y_j)·logΣe^z − Σ_j y_j z_j, with a stable log-sum-exp;
 * ∂/∂z = (softmax(z)·Σ_j y_j − y)/N, i.e. (ŷ − y)/N for one-hot targets.
 */
export const softmaxCrossEntropyLoss: Loss = {
  name: 'categorical-cross-entropy',
  output: 'softmax',
  fn(z, y) {
    const n = check(this.name, z, y);
    const k = z.shape[1]!;
    let s = 0;
    for (let r = 0; r < n; r++) {
      const o = r * k;
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, z.data[o + j]!);
      let e = 0;
      for (let j = 0; j < k; j++) e += Math.exp(z.data[o + j]! - max);
      const lse = max + Math.log(e);
      for (let j = 0; j < k; j++) s += y.data[o + j]! * (lse - z.data[o + j]!);
    }
    return s / n;
  },
  grad(z, y, out) {
    const n = check(this.name, z, y);
    const k = z.shape[1]!;
    for (let r = 0; r < n; r++) {
      const o = r * k;
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, z.data[o + j]!);
      let e = 0;
      let ySum = 0;
      for (let j = 0; j < k; j++) {
        e += Math.exp(z.data[o + j]! - max);
        ySum += y.data[o + j]!;
      }
      for (let j = 0; j < k; j++) out.data[o + j] = ((Math.exp(z.data[o + j]! - max) / e) * ySum - y.data[o + j]!) / n;
    }
  },
  fnAndGrad(z, y, out) {
    const n = check(this.name, z, y);
    return kernelsFor(z.data).softmaxCrossEntropy(z.data, y.data, n, z.shape[1]!, out.data);
  },
};

/**
 * The perceptron criterion with targets y ∈ {0, 1} read as t = 2y − 1 ∈ {−1, +1}:
 * (1/N) Σ max(0, −t·z), zero for rows on the right side of the boundary;
 * ∂/∂z = −t/N where t·z ≤ 0 (a misclassified or undecided row), else 0.
 */
export const perceptronLoss: Loss = {
  name: 'perceptron',
  output: 'sign',
  fn(z, y) {
    const n = check(this.name, z, y);
    let s = 0;
    for (let i = 0; i < z.size; i++) s += Math.max(0, -(2 * y.data[i]! - 1) * z.data[i]!);
    return s / n;
  },
  grad(z, y, out) {
    const n = check(this.name, z, y);
    for (let i = 0; i < z.size; i++) {
      const t = 2 * y.data[i]! - 1;
      out.data[i] = t * z.data[i]! <= 0 ? -t / n : 0;
    }
  },
};
