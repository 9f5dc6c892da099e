import { UsageError } from '../errors.js';
import { softmaxCrossEntropyLoss } from '../nn/losses.js';
import { Tensor } from '../tensor/tensor.js';

export interface SoftmaxStepsOptions {
  /** which logit the finite difference nudges. @default the true class's logit */
  logit?: number;
  /** half-width h of the central difference (L(z + h·e_j) − L(z − h·e_j)) / 2h. @default 1e-5 */
  h?: number;
}

/** A central difference of the loss on one logit, beside the analytic ŷ_j − y_j. */
export interface LogitFiniteDifference {
  logit: number;
  h: number;
  /** L(z + h·e_j), by the library's softmaxCrossEntropyLoss */
  lossPlus: number;
  /** L(z − h·e_j) */
  lossMinus: number;
  /** (lossPlus − lossMinus) / 2h */
  numeric: number;
  /** ŷ_j − y_j */
  analytic: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, 1e-12) */
  relativeError: number;
}

/** Every intermediate number of softmax + cross-entropy on one row of logits z: [k]. */
export interface SoftmaxSteps {
  logits: number[];
  trueClass: number;
  /** max_j z_j, subtracted so that no exp overflows (softmax does not change: the factor e^−max cancels) */
  max: number;
  /** z − max (all ≤ 0) */
  shifted: number[];
  /** exp(z − max), each in (0, 1] */
  exp: number[];
  /** Σ_j exp(z_j − max) */
  sum: number;
  /** ŷ = exp(z − max) / sum */
  probabilities: number[];
  /** y: 1 at the true class, 0 elsewhere */
  oneHot: number[];
  /** −log ŷ_true, computed as log(sum) − (z_true − max) so it never takes log 0 */
  loss: number;
  /** ∂L/∂z = ŷ − y */
  gradient: number[];
  /** the library's fused loss on the same row (softmaxCrossEntropyLoss.fn): the same number */
  libraryLoss: number;
  /** the library's fused gradient on the same row (softmaxCrossEntropyLoss.grad, N = 1) */
  libraryGradient: number[];
  finiteDifference: LogitFiniteDifference;
}

/**
 * Walks softmax + cross-entropy through one example, step by step, in float64:
 * ŷ_j = e^{z_j − m} / Σ_i e^{z_i − m} with m = max z; L = −log ŷ_t; ∂L/∂z_j = ŷ_j − y_j.
 * The derivative is then checked on one logit with a central difference of the library's own loss.
 *
 * @param logits z: [k], k ≥ 2
 * @param trueClass t, 0 ≤ t < k
 */
export function softmaxCrossEntropySteps(logits: ArrayLike<number>, trueClass: number, options: SoftmaxStepsOptions = {}): SoftmaxSteps {
  const z = Array.from(logits);
  const k = z.length;
  if (k < 2) throw new UsageError(`softmax steps: need at least 2 logits, got ${k}`);
  if (z.some((v) => !Number.isFinite(v))) throw new UsageError('softmax steps: logits must be finite numbers');
  if (!Number.isInteger(trueClass) || trueClass < 0 || trueClass >= k) throw new UsageError(`softmax steps: true class ${trueClass} is not in 0…${k - 1}`);
  const logit = options.logit ?? trueClass;
  if (!Number.isInteger(logit) || logit < 0 || logit >= k) throw new UsageError(`softmax steps: logit ${logit} is not in 0…${k - 1}`);
  const h = options.h ?? 1e-5;
  if (!(h > 0)) throw new UsageError(`softmax steps: h must be > 0, got ${h}`);

  const max = Math.max(...z);
  const shifted = z.map((v) => v - max);
  const exp = shifted.map((v) => Math.exp(v));
  const sum = exp.reduce((a, b) => a + b, 0);
  const probabilities = exp.map((e) => e / sum);
  const oneHot = z.map((_, j) => (j === trueClass ? 1 : 0));
  const loss = Math.log(sum) - shifted[trueClass]!;
  const gradient = probabilities.map((p, j) => p - oneHot[j]!);

  const y = new Tensor([1, k], Float64Array.from(oneHot));
  const libraryLossAt = (values: number[]): number => softmaxCrossEntropyLoss.fn(new Tensor([1, k], Float64Array.from(values)), y);
  const libraryGradient = Tensor.zeros([1, k], 'float64');
  softmaxCrossEntropyLoss.grad(new Tensor([1, k], Float64Array.from(z)), y, libraryGradient);

  const nudged = (delta: number): number[] => z.map((v, j) => (j === logit ? v + delta : v));
  const lossPlus = libraryLossAt(nudged(h));
  const lossMinus = libraryLossAt(nudged(-h));
  const numeric = (lossPlus - lossMinus) / (2 * h);
  const analytic = gradient[logit]!;
  const relativeError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-12);
  return {
    logits: z,
    trueClass,
    max,
    shifted,
    exp,
    sum,
    probabilities,
    oneHot,
    loss,
    gradient,
    libraryLoss: libraryLossAt(z),
    libraryGradient: Array.from(libraryGradient.data),
    finiteDifference: { logit, h, lossPlus, lossMinus, numeric, analytic, relativeError },
  };
}
