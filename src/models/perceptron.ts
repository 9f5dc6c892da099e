import { perceptronLoss } from '../nn/losses.js';
import type { Tensor } from '../tensor/tensor.js';
import { LinearModel } from './linearModel.js';
import type { Inputs } from './inputs.js';
import type { LinearModelOptions } from './options.js';
import { checkBinary, column } from './targets.js';

/**
 * A perceptron: class 1 where x·w + b > 0, else 0 — a straight boundary through the input space.
 * Trained by gradient descent on the perceptron criterion (1/N) Σ max(0, −t·z) with t = ±1, whose
 * gradient moves the boundary only for misclassified rows. On sets that no line separates
 * (the book's non_linearly_separable and circles) it cannot reach 100%, which is the point.
 */
export class Perceptron extends LinearModel {
  readonly kind = 'perceptron';

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
    if (gradZ) perceptronLoss.grad(z, y, gradZ);
    return perceptronLoss.fn(z, y);
  }

  protected override countCorrect(z: Tensor, y: Tensor): number {
    let correct = 0;
    for (let i = 0; i < z.size; i++) if ((z.data[i]! > 0 ? 1 : 0) === y.data[i]) correct++;
    return correct;
  }

  /** 0/1 labels. */
  predict(x: Inputs): Int32Array {
    return Int32Array.from(this.decisionFunction(x).data, (z) => (z > 0 ? 1 : 0));
  }
}
