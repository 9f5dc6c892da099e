import { UsageError } from '../errors.js';
import { requireSameShape } from '../tensor/checks.js';
import type { Parameter } from '../tensor/parameter.js';
import type { Rng } from '../tensor/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { Scratch } from './scratch.js';

export interface DropoutOptions {
  /** the fraction of units zeroed in training, in [0, 1) */
  rate: number;
  /** draws the masks; inject a seeded one so a run repeats exactly */
  rng: Rng;
}

/**
 * Inverted dropout. In training each unit is kept with probability 1 − rate and scaled by 1/(1 − rate):
 * y = x ⊙ m with m_i ∈ {0, 1/(1 − rate)}, so the expected activation is unchanged and inference is the
 * identity. Backward: ∂L/∂x = ∂L/∂y ⊙ m (the identity outside training).
 */
export class Dropout implements Layer {
  readonly kind = 'dropout';
  readonly rate: number;
  private readonly rng: Rng;
  private readonly out = new Scratch();
  private readonly maskBuffer = new Scratch();
  private readonly gradIn = new Scratch();
  private mask: Tensor | undefined;

  constructor(options: DropoutOptions) {
    if (!(options.rate >= 0 && options.rate < 1)) throw new UsageError(`dropout: rate must be in [0, 1), got ${options.rate}`);
    this.rate = options.rate;
    this.rng = options.rng;
  }

  /** Training: y = x ⊙ m with a fresh mask; inference: y = x (the input itself is returned). */
  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    if (!options.training || this.rate === 0) {
      this.mask = undefined;
      return x;
    }
    const mask = this.maskBuffer.tensor(x.shape, x.dtype);
    const y = this.out.tensor(x.shape, x.dtype);
    const keep = 1 / (1 - this.rate);
    for (let i = 0; i < x.size; i++) {
      const m = this.rng.uniform() < this.rate ? 0 : keep;
      mask.data[i] = m;
      y.data[i] = x.data[i]! * m;
    }
    this.mask = mask;
    return y;
  }

  /** ∂L/∂x = ∂L/∂y ⊙ m, or ∂L/∂y itself when the last forward pass dropped nothing. */
  backward(gradOut: Tensor): Tensor {
    const mask = this.mask;
    if (!mask) return gradOut;
    requireSameShape('dropout.backward', gradOut, mask);
    const g = this.gradIn.tensor(mask.shape, mask.dtype);
    for (let i = 0; i < g.size; i++) g.data[i] = gradOut.data[i]! * mask.data[i]!;
    return g;
  }

  parameters(): readonly Parameter[] {
    return [];
  }

  config(): LayerConfig {
    return { kind: this.kind, rate: this.rate };
  }
}
