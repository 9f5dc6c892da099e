import { UsageError } from '../errors.js';
import { sigmoidLogLoss, sigmoidScalar } from '../nn/losses.js';
import type { Tensor } from '../tensor/tensor.js';
import { LinearModel } from './linearModel.js';
import type { Inputs } from './inputs.js';
import type { LinearModelOptions } from './options.js';
import { checkBinary, column } from './targets.js';

/**
 * Binary logistic regression: p = σ(x·w + b), trained on the log loss
 * −mean[y log p + (1 − y) log(1 − p)], computed from the logits so it never takes log(0);
 * ∇w = xᵀ(p − y)/N.
 */
export class LogisticRegression extends LinearModel {
  readonly kind = 'logistic';

  constructor(options: LinearModelOptions = {}) {
    super(options);
  }

  protected outputCount(y: ArrayLike<number>, op: string): number {
    checkBinary(y, op);
    return 1;
  }

  protected encodeTargets(y: ArrayLike<number>): Tensor {
    return column(y, this.options.dtype);
  }

  protected lossOnLogits(z: Tensor, y: Tensor, gradZ?: Tensor): number {
    if (gradZ) sigmoidLogLoss.grad(z, y, gradZ);
    return sigmoidLogLoss.fn(z, y);
  }

  protected override countCorrect(z: Tensor, y: Tensor): number {
    let correct = 0;
    for (let i = 0; i < z.size; i++) if ((z.data[i]! >= 0 ? 1 : 0) === y.data[i]) correct++;
    return correct;
  }

  /** P(class 1) for every row. */
  predictProbability(x: Inputs): Float64Array {
    return Float64Array.from(this.decisionFunction(x).data, sigmoidScalar);
  }

  /** 0/1 labels: 1 where P(class 1) ≥ threshold. */
  predict(x: Inputs, options: { threshold?: number } = {}): Int32Array {
    const threshold = options.threshold ?? 0.5;
    if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`threshold must be in [0, 1], got ${threshold}`);
    return Int32Array.from(this.predictProbability(x), (p) => (p >= threshold ? 1 : 0));
  }
}
