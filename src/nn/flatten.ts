import { ShapeError } from '../errors.js';
import type { Parameter } from '../tensor/parameter.js';
import { type Shape, type Tensor, formatShape, sizeOf } from '../tensor/tensor.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';

/**
 * [batch, d1, d2, …] → [batch, d1·d2·…], a view of the same data (no copy); the identity on [batch, features].
 * Backward reshapes ∂L/∂y back to the input's shape.
 */
export class Flatten implements Layer {
  readonly kind = 'flatten';
  private inputShape: Shape | undefined;
  private lastInput: Tensor | undefined;
  private lastOutput: Tensor | undefined;
  private lastGradOut: Tensor | undefined;
  private lastGradIn: Tensor | undefined;
  private lastGradShape: Shape | undefined;

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    if (x.rank < 1) throw new ShapeError(`flatten: input needs a batch dimension, got ${formatShape(x.shape)}`);
    this.inputShape = x.shape;
    if (x.rank === 2) return x;
    // Layers reuse their buffers, so the same input tensor usually comes back: reuse its view too.
    if (x !== this.lastInput) {
      this.lastInput = x;
      this.lastOutput = x.reshape([x.shape[0]!, sizeOf(x.shape.slice(1))]);
    }
    return this.lastOutput!;
  }

  backward(gradOut: Tensor): Tensor {
    const shape = this.inputShape;
    if (!shape || shape.length === 2) return gradOut;
    if (gradOut !== this.lastGradOut || this.lastGradShape !== shape) {
      this.lastGradOut = gradOut;
      this.lastGradShape = shape;
      this.lastGradIn = gradOut.reshape(shape);
    }
    return this.lastGradIn!;
  }

  parameters(): readonly Parameter[] {
    return [];
  }

  config(): LayerConfig {
    return { kind: this.kind };
  }
}
