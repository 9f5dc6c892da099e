import type { Parameter } from '../tensor/parameter.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * What gradient descent minimises: a loss over a batch and its gradient with respect to every parameter.
 * x: [batch, features]; y: [batch, outputs] encoded as the model needs (values, 0/1, one-hot).
 */
export interface Objective {
  parameters(): readonly Parameter[];
  /** Mean loss over the batch; fills every parameter's `grad` with ∂loss/∂parameter. */
  lossAndGradient(x: Tensor, y: Tensor): number;
  /** Mean loss over the batch, without gradients (for validation). */
  loss(x: Tensor, y: Tensor): number;
}
