import type { Features } from '../data/features.js';
import { meanSquaredErrorLoss } from '../nn/losses.js';
import type { Tensor } from '../tensor/tensor.js';
import { LinearModel } from './linearModel.js';
import type { Inputs } from './inputs.js';
import type { LinearModelOptions } from './options.js';
import { column } from './targets.js';

/**
 * Linear regression by gradient descent on the mean squared error: ŷ = x·w + b,
 * loss = (1/N) Σ (ŷ − y)², ∇w = 2·xᵀ(ŷ − y)/N. With one input it is the book's pizza model;
 * with many it is the matrix form of chapter 4.
 */
export class LinearRegression extends LinearModel {
  readonly kind = 'linear';

  constructor(options: LinearModelOptions = {}) {
    super(options);
  }

  protected outputCount(): number {
    return 1;
  }

  protected encodeTargets(y: ArrayLike<number>): Tensor {
    return column(y, this.options.dtype);
  }

  protected lossOnLogits(z: Tensor, y: Tensor, gradZ?: Tensor): number {
    if (gradZ) meanSquaredErrorLoss.grad(z, y, gradZ);
    return meanSquaredErrorLoss.fn(z, y);
  }

  /** ŷ for every row. */
  predict(x: Inputs | Features): Float64Array {
    return Float64Array.from(this.decisionFunction(x).data);
  }
}
