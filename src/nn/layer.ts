import type { Parameter } from '../tensor/parameter.js';
import type { Tensor } from '../tensor/tensor.js';
import type { EpilogueActivation } from '../kernels/types.js';

/** Plain JSON, for model files: numbers, strings, booleans, null, arrays and objects of them. */
export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/** A layer's kind and hyperparameters as plain JSON (weights are saved separately). */
export interface LayerConfig {
  readonly kind: string;
  readonly [option: string]: Json;
}

export interface ForwardOptions {
  /** training mode: dropout drops and batch normalization uses batch statistics. @default false */
  training?: boolean;
}

/**
 * One step of a network, with its backward rule beside its forward rule.
 *
 * forward(x) maps x: [batch, inputs…] to y: [batch, outputs…] and remembers what backward needs;
 * backward(∂L/∂y) returns ∂L/∂x (same shape as that x) and writes ∂L/∂θ into each parameter's `grad`.
 * Returned tensors are buffers the layer reuses: they stay valid until its next forward or backward call,
 * and new ones are allocated only when the batch size changes.
 */
export interface Layer {
  /** a short name such as 'dense' or 'dropout' */
  readonly kind: string;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  backward(gradOut: Tensor): Tensor;
  /**
   * Writes ∂L/∂θ only, skipping ∂L/∂x: what a network's first trainable layer needs, since nothing consumes
   * the gradient of the inputs. Optional; backward is used when absent.
   */
  parameterGradients?(gradOut: Tensor): void;
  /**
   * f(forward(x)) in one pass, f applied to each block of the layer's product while it is in the cache: what
   * this layer followed by an Activation layer of f computes, with the same values. Optional (dense and
   * convolution layers have it).
   */
  forwardActivated?(x: Tensor, activation: EpilogueActivation | undefined): Tensor;
  /** trainable parameters (the same objects on every call); [] for layers without any */
  parameters(): readonly Parameter[];
  /** the layer's hyperparameters as plain JSON */
  config(): LayerConfig;
  /**
   * An extra loss term the last forward pass added (e.g. an activity penalty), 0 for most layers.
   * Its gradient is already part of what backward returns.
   */
  penalty?(): number;
}
