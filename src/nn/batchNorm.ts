import { ShapeError, UsageError } from '../errors.js';
import type { Parameter } from '../tensor/parameter.js';
import type { FloatArray } from '../kernels/types.js';
import { kernelsFor } from '../tensor/backend.js';
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
  /** per-feature vectors of the last pass, in the layer's float type (the kernels read them in place) */
  private readonly columns: Record<'mean' | 'variance' | 'invStd' | 'sumG' | 'sumGX' | 'ka' | 'kb' | 'kc', FloatArray>;
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
    const vector = (): FloatArray => Tensor.zeros([n], dtype).data;
    this.columns = { mean: vector(), variance: vector(), invStd: vector(), sumG: vector(), sumGX: vector(), ka: vector(), kb: vector(), kc: vector() };
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
    const kernels = kernelsFor(x.data);
    const { mean, variance, invStd } = this.columns;
    const training = (options.training ?? false) && rows > 0;
    if (training) {
      kernels.columnMoments(x.data, rows, k, mean, variance);
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
    kernels.columnAffine(x.data, rows, k, mean, invStd, this.gamma.value.data, this.beta.value.data, xHat.data, y.data);
    this.xHat = training ? xHat : undefined;
    return y;
  }

  /** Writes ∂γ, ∂β and returns ∂x (see the class comment); after an inference pass, ∂x = ∂y ⊙ γ / sqrt(σ²_run + ε). */
  backward(gradOut: Tensor): Tensor {
    const k = this.features;
    const xHat = this.xHat ?? this.normalized.tensor(gradOut.shape, this.gamma.value.dtype);
    const rows = gradOut.size / k;
    const gx = this.gradIn.tensor(gradOut.shape, this.gamma.value.dtype);
    const kernels = kernelsFor(gx.data);
    const { invStd, sumG, sumGX, ka, kb, kc } = this.columns;
    kernels.columnDots(gradOut.data, xHat.data, rows, k, sumG, sumGX);
    this.beta.grad.data.set(sumG);
    this.gamma.grad.data.set(sumGX);
    const gamma = this.gamma.value.data;
    // ∂x = (γ·invStd/N)·(N·∂y − Σ∂y − x̂·Σ(∂y·x̂)) = ∂y·ka + x̂·kb + kc, per column.
    const training = this.xHat !== undefined;
    for (let j = 0; j < k; j++) {
      const a = gamma[j]! * invStd[j]!;
      ka[j] = a;
      kb[j] = training ? (-a * sumGX[j]!) / rows : 0;
      kc[j] = training ? (-a * sumG[j]!) / rows : 0;
    }
    kernels.columnCombine(gradOut.data, xHat.data, rows, k, ka, kb, kc, gx.data);
    return gx;
  }

  parameters(): readonly Parameter[] {
    return [this.gamma, this.beta];
  }

  config(): LayerConfig {
    return { kind: this.kind, features: this.features, momentum: this.momentum, epsilon: this.epsilon };
  }
}
