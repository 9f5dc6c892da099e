import type { Parameter } from '../tensor/parameter.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { type Penalty, addPenaltyGradient, penaltyOf, resolvePenalty } from './regularizers.js';
import { Scratch } from './scratch.js';

/**
 * The identity on activations a: [batch, features] that adds a penalty on them to the loss:
 * R(a) = (1/N) Σ_rows (λ₁·Σ|a| + λ₂·Σa²), a mean over the batch like the losses.
 * Backward: ∂L/∂a = ∂L/∂y + (λ₁·sign(a) + 2λ₂·a)/N.
 */
export class ActivityRegularization implements Layer {
  readonly kind = 'activity-regularization';
  readonly l1: number;
  readonly l2: number;
  private readonly gradIn = new Scratch();
  private input: Tensor | undefined;
  private last = 0;

  constructor(penalty: Penalty) {
    const p = resolvePenalty(penalty, 'activity regularization');
    this.l1 = p.l1;
    this.l2 = p.l2;
  }

  /** y = x; remembers R(x) for penalty(). */
  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    this.input = x;
    const rows = x.shape[0] ?? 1;
    this.last = rows > 0 ? penaltyOf(x.data, this.l1, this.l2) / rows : 0;
    return x;
  }

  backward(gradOut: Tensor): Tensor {
    const x = this.input ?? gradOut;
    const g = this.gradIn.tensor(gradOut.shape, gradOut.dtype);
    g.data.set(gradOut.data);
    const rows = x.shape[0] ?? 1;
    if (rows > 0) addPenaltyGradient(x.data, this.l1, this.l2, g.data, 1 / rows);
    return g;
  }

  /** R(x) of the last forward pass. */
  penalty(): number {
    return this.last;
  }

  parameters(): readonly Parameter[] {
    return [];
  }

  config(): LayerConfig {
    return { kind: this.kind, l1: this.l1, l2: this.l2 };
  }
}
