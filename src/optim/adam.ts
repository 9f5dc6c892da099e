import { kernelsFor } from '../tensor/backend.js';
import type { Parameter } from '../tensor/parameter.js';
import type { Optimizer } from './optimizer.js';
import { SlotOptimizer, checkLearningRate, checkRange } from './state.js';

/** Added to sqrt(v̂) so a parameter with no gradient history never divides by 0. */
export const ADAM_EPSILON = 1e-8;

export interface AdamOptions {
  /** step size η. @default 0.001 */
  learningRate?: number;
  /** β₁, decay of the first moment m. @default 0.9 */
  beta1?: number;
  /** β₂, decay of the second moment v. @default 0.999 */
  beta2?: number;
  /** ε in the denominator. @default ADAM_EPSILON (1e-8) */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba): with t counting this parameter's steps from 1,
 * m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ),
 * w ← w − η·m̂ / (sqrt(v̂) + ε).
 */
export class Adam extends SlotOptimizer implements Optimizer {
  readonly name = 'adam';
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamOptions = {}) {
    super(2);
    this.learningRate = checkLearningRate(options.learningRate ?? 0.001);
    this.beta1 = checkRange('beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkRange('beta2', options.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkRange('epsilon', options.epsilon ?? ADAM_EPSILON, 0, Infinity, false);
  }

  step(parameters: readonly Parameter[]): void {
    const { learningRate: eta, beta1: b1, beta2: b2, epsilon } = this;
    for (const p of parameters) {
      const st = this.state.get(p);
      st.t++;
      const m = st.slots[0]!;
      const v = st.slots[1]!;
      const hyper = { beta1: b1, beta2: b2, eta, c1: 1 / (1 - b1 ** st.t), c2: 1 / (1 - b2 ** st.t), epsilon };
      kernelsFor(p.value.data).adamStep(p.value.data, p.grad.data, m, v, hyper);
    }
  }
}
