import { ShapeError, UsageError } from '../errors.js';
import type { Parameter } from '../tensor/parameter.js';
import type { FloatArray } from '../kernels/types.js';
import { type DType, Tensor, formatShape } from '../tensor/tensor.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { Scratch } from './scratch.js';

/** Added to the variance before its square root, so a constant feature never divides by 0. */
export const BATCH_NORM_EPSILON = 1e-5;

export interface BatchNormOptions {
  /** number of features (columns of x: [batch, features]) */
  features: number;
  /** running ← momentum·running + (1 − momentum)·batch statistic. @default 0.99 */
  momentum?: number;
  /** added to the variance. @default BATCH_NORM_EPSILON (1e-5) */
  epsilon?: number;
  /** float type of γ, β and the running statistics. @default 'float32' */
  dtype?: DType;
  /** prefix of the parameter names. @default 'batchNorm' */
  name?: string;
}

/**
 * Batch normalization per feature of x: [batch, features] — or per channel of images [batch, h, w, channels],
 * whose statistics pool every position of every image:
 * x̂ = (x − μ) / sqrt(σ² + ε), y = γ ⊙ x̂ + β, with μ, σ² the batch mean and (biased) variance in training
 * and the running averages at inference. γ starts at 1, β at 0.
 * Backward (training): ∂γ = Σ ∂y ⊙ x̂, ∂β = Σ ∂y, and with g = ∂y ⊙ γ,
 * ∂x = (1/N) / sqrt(σ² + ε) · (N·g − Σ g − x̂ ⊙ Σ(g ⊙ x̂)), sums over the batch.
 */
export class BatchNorm implements Layer {
  readonly kind = 'batch-norm';
  readonly gamma: Parameter;
  readonly beta: Parameter;
  /** running mean and variance, for inference */
  readonly runningMean: Tensor;
  readonly runningVariance: Tensor;
  readonly momentum: number;
  readonly epsilon: number;
  private readonly out = new Scratch();
  private readonly normalized = new Scratch();
  private readonly gradIn = new Scratch();
  private readonly invStd: Float64Array;
  private readonly sums: Float64Array;
  private readonly sumsX: Float64Array;
  /** x̂ of the last training pass, or undefined after an inference pass */
  private xHat: Tensor | undefined;

  constructor(options: BatchNormOptions) {
    const n = options.features;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`batch norm: features must be a whole number ≥ 1, got ${n}`);
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? BATCH_NORM_EPSILON;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new UsageError(`batch norm: momentum must be in [0, 1), got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new UsageError(`batch norm: epsilon must be > 0, got ${this.epsilon}`);
    const dtype = options.dtype ?? 'float32';
    const name = options.name ?? 'batchNorm';
    this.gamma = { name: `${name}.gamma`, value: Tensor.full([n], 1, dtype), grad: Tensor.zeros([n], dtype), regularize: false };
    this.beta = { name: `${name}.beta`, value: Tensor.zeros([n], dtype), grad: Tensor.zeros([n], dtype), regularize: false };
    this.runningMean = Tensor.zeros([n], dtype);
    this.runningVariance = Tensor.full([n], 1, dtype);
    this.invStd = new Float64Array(n);
    this.sums = new Float64Array(n);
    this.sumsX = new Float64Array(n);
  }

  get features(): number {
    return this.gamma.value.size;
  }

  /** y = γ ⊙ x̂ + β: [batch, …, features] → the same shape; training uses and updates batch statistics. */
  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    const k = this.features;
    if (x.rank < 2 || x.shape[x.rank - 1] !== k) throw new ShapeError(`batch norm: expected [batch, …, ${k}], got ${formatShape(x.shape)}`);
    // On images [batch, h, w, channels] every pixel of every image is one more sample of its channel.
    const rows = x.size / k;
    const dtype = this.gamma.value.dtype;
    const y = this.out.tensor(x.shape, dtype);
    const mean = this.sums;
    const invStd = this.invStd;
    const training = (options.training ?? false) && rows > 0;
    if (training) {
      const variance = this.sumsX;
      columnMeanAndVariance(x.data, rows, k, mean, variance);
      const m = this.momentum;
      const runMean = this.runningMean.data;
      const runVar = this.runningVariance.data;
      for (let j = 0; j < k; j++) {
        invStd[j] = 1 / Math.sqrt(variance[j]! + this.epsilon);
        runMean[j] = m * runMean[j]! + (1 - m) * mean[j]!;
        runVar[j] = m * runVar[j]! + (1 - m) * variance[j]!;
      }
    } else {
      for (let j = 0; j < k; j++) {
        mean[j] = this.runningMean.data[j]!;
        invStd[j] = 1 / Math.sqrt(this.runningVariance.data[j]! + this.epsilon);
      }
    }
    const xHat = this.normalized.tensor(x.shape, dtype);
    normalize(x.data, rows, k, mean, invStd, this.gamma.value.data, this.beta.value.data, xHat.data, y.data);
    this.xHat = training ? xHat : undefined;
    return y;
  }

  /** Writes ∂γ, ∂β and returns ∂x (see the class comment); after an inference pass, ∂x = ∂y ⊙ γ / sqrt(σ²_run + ε). */
  backward(gradOut: Tensor): Tensor {
    const k = this.features;
    const xHat = this.xHat ?? this.normalized.tensor(gradOut.shape, this.gamma.value.dtype);
    const rows = gradOut.size / k;
    const gx = this.gradIn.tensor(gradOut.shape, this.gamma.value.dtype);
    const sumG = this.sums;
    const sumGX = this.sumsX;
    columnSums(gradOut.data, xHat.data, rows, k, sumG, sumGX);
    for (let j = 0; j < k; j++) {
      this.beta.grad.data[j] = sumG[j]!;
      this.gamma.grad.data[j] = sumGX[j]!;
    }
    inputGradient(gradOut.data, xHat.data, rows, k, this.gamma.value.data, this.invStd, this.xHat ? sumG : undefined, sumGX, gx.data);
    return gx;
  }

  parameters(): readonly Parameter[] {
    return [this.gamma, this.beta];
  }

  config(): LayerConfig {
    return { kind: this.kind, features: this.features, momentum: this.momentum, epsilon: this.epsilon };
  }
}

// The loops below take plain arrays (not tensors) so V8 keeps them in registers: several times faster on
// the millions of values a convolution's output has.

/** Per-column mean and biased variance of x: [rows, k], in float64 (two passes, no cancellation). */
function columnMeanAndVariance(x: FloatArray, rows: number, k: number, mean: Float64Array, variance: Float64Array): void {
  mean.fill(0);
  variance.fill(0);
  for (let i = 0, at = 0; i < rows; i++) for (let j = 0; j < k; j++, at++) mean[j]! += x[at]!;
  for (let j = 0; j < k; j++) mean[j]! /= rows;
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < k; j++, at++) {
      const d = x[at]! - mean[j]!;
      variance[j]! += d * d;
    }
  }
  for (let j = 0; j < k; j++) variance[j]! /= rows;
}

function normalize(
  x: FloatArray, rows: number, k: number, mean: Float64Array, invStd: Float64Array, gamma: FloatArray, beta: FloatArray, xHat: FloatArray, y: FloatArray,
): void {
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < k; j++, at++) {
      const h = (x[at]! - mean[j]!) * invStd[j]!;
      xHat[at] = h;
      y[at] = gamma[j]! * h + beta[j]!;
    }
  }
}

/** Σ ∂y and Σ ∂y ⊙ x̂ per column. */
function columnSums(dy: FloatArray, xHat: FloatArray, rows: number, k: number, sumG: Float64Array, sumGX: Float64Array): void {
  sumG.fill(0);
  sumGX.fill(0);
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < k; j++, at++) {
      const g = dy[at]!;
      sumG[j]! += g;
      sumGX[j]! += g * xHat[at]!;
    }
  }
}

/** ∂x in training (batch sums given) or inference (sumG undefined: the statistics are constants). */
function inputGradient(
  dy: FloatArray, xHat: FloatArray, rows: number, k: number, gamma: FloatArray, invStd: Float64Array,
  sumG: Float64Array | undefined, sumGX: Float64Array, gx: FloatArray,
): void {
  if (sumG) {
    for (let i = 0, at = 0; i < rows; i++) {
      for (let j = 0; j < k; j++, at++) {
        gx[at] = (gamma[j]! * invStd[j]! * (rows * dy[at]! - sumG[j]! - xHat[at]! * sumGX[j]!)) / rows;
      }
    }
  } else {
    for (let i = 0, at = 0; i < rows; i++) for (let j = 0; j < k; j++, at++) gx[at] = dy[at]! * gamma[j]! * invStd[j]!;
  }
}
