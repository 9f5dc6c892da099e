import type { Tensor } from './tensor.js';

/** A trainable tensor with its gradient (same shape), filled by a backward pass and read by an optimizer. */
export interface Parameter {
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
  /** false for parameters such as biases that weight regularization leaves alone */
  readonly regularize?: boolean;
}
