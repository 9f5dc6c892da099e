import { UsageError } from '../errors.js';
import type { EpilogueActivation } from '../kernels/types.js';
import { requireSameShape } from '../tensor/checks.js';
import type { Parameter } from '../tensor/parameter.js';
import type { Tensor } from '../tensor/tensor.js';
import { type ActivationFunction, type ActivationName, LEAKY_RELU_ALPHA, activationByName } from './activations.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { Scratch } from './scratch.js';

export interface ActivationOptions {
  /** slope for x < 0 of 'leaky-relu'. @default 0.01 */
  alpha?: number;
}

/**
 * An elementwise activation as a layer: y = f(x), any shape; backward ∂L/∂x = ∂L/∂y ⊙ f′(x).
 */
export class Activation implements Layer {
  readonly kind = 'activation';
  readonly activation: ActivationFunction;
  private readonly alpha: number;
  private readonly out = new Scratch();
  private readonly gradIn = new Scratch();
  private input: Tensor | undefined;
  private output: Tensor | undefined;

  constructor(
    readonly name: ActivationName,
    options: ActivationOptions = {},
  ) {
    this.alpha = options.alpha ?? LEAKY_RELU_ALPHA;
    this.activation = activationByName(name, this.alpha);
  }

  /** y = f(x); x: [batch, …] → y of the same shape. */
  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    const y = this.out.tensor(x.shape, x.dtype);
    const f = this.activation;
    if (f.apply) f.apply(x, y);
    else for (let i = 0; i < x.size; i++) y.data[i] = f.fn(x.data[i]!);
    this.input = x;
    this.output = y;
    return y;
  }

  /** The activation as a product's epilogue can apply it (sigmoid, relu), or undefined. */
  get epilogue(): EpilogueActivation | undefined {
    return this.name === 'sigmoid' || this.name === 'relu' ? this.name : undefined;
  }

  /**
   * Takes y = f(x), computed by the layer before in its own pass (Dense.forwardActivated), as this layer's
   * output. Backward then needs only y: σ′ = y(1 − y), and relu's y > 0 exactly where x > 0.
   */
  adoptOutput(y: Tensor): void {
    if (this.epilogue === undefined) throw new UsageError(`activation: ${this.name} cannot be fused into a product`);
    this.input = y;
    this.output = y;
  }

  /** ∂L/∂x = ∂L/∂y ⊙ f′(x). */
  backward(gradOut: Tensor): Tensor {
    const x = this.input;
    const y = this.output;
    if (!x || !y) throw new UsageError('activation: backward before forward');
    requireSameShape('activation.backward', gradOut, y);
    const g = this.gradIn.tensor(x.shape, x.dtype);
    const f = this.activation;
    if (f.applyGrad) f.applyGrad(x, y, gradOut, g);
    else for (let i = 0; i < g.size; i++) g.data[i] = gradOut.data[i]! * f.grad(x.data[i]!, y.data[i]!);
    return g;
  }

  parameters(): readonly Parameter[] {
    return [];
  }

  config(): LayerConfig {
    return this.name === 'leaky-relu' ? { kind: this.kind, activation: this.name, alpha: this.alpha } : { kind: this.kind, activation: this.name };
  }
}
