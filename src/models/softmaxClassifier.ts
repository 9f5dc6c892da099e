import { softmaxCrossEntropyLoss } from '../nn/losses.js';
import { argmaxRows } from '../tensor/ops/reduce.js';
import { softmaxRows } from '../tensor/ops/functions.js';
import type { Tensor } from '../tensor/tensor.js';
import { LinearModel } from './linearModel.js';
import type { Inputs } from './inputs.js';
import type { LinearModelOptions } from './options.js';
import { oneHot } from '../data/oneHot.js';
import { multiclassOutputs } from './targets.js';

/**
 * Multiclass logistic regression: ŷ = softmax(x·W + b) over k classes, trained on the cross-entropy
 * against one-hot targets. The softmax and the loss are fused: ∂loss/∂z = (ŷ − y)/N.
 */
export class SoftmaxClassifier extends LinearModel {
  readonly kind = 'softmax';

  constructor(options: LinearModelOptions = {}) {
    super(options);
  }

  protected outputCount(y: ArrayLike<number>, op: string): number {
    return multiclassOutputs(y, op);
  }

  protected encodeTargets(y: ArrayLike<number>, outputs: number): Tensor {
    return oneHot(y, outputs, { dtype: this.options.dtype });
  }

  protected lossOnLogits(z: Tensor, y: Tensor, gradZ?: Tensor): number {
    if (gradZ) softmaxCrossEntropyLoss.grad(z, y, gradZ);
    return softmaxCrossEntropyLoss.fn(z, y);
  }

  protected override countCorrect(z: Tensor, y: Tensor): number {
    const predicted = argmaxRows(z);
    const truth = argmaxRows(y);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) correct++;
    return correct;
  }

  /** Class probabilities [rows, classes]. */
  predictProba(x: Inputs): Tensor {
    const z = this.decisionFunction(x);
    return softmaxRows(z, z);
  }

  /** The most probable class of every row. */
  predict(x: Inputs): Int32Array {
    return argmaxRows(this.decisionFunction(x));
  }
}
