import type { Parameter } from '../tensor/parameter.js';
import type { Optimizer } from './optimizer.js';
import { SlotOptimizer, checkLearningRate, checkRange } from './state.js';

/** Added to sqrt(s) so a parameter with no gradient history never divides by 0. */
export const RMSPROP_EPSILON = 1e-8;

export interface RmspropOptions {
  /** step size η. @default 0.001 */
  learningRate?: number;
  /** ρ, the decay of the running mean of g². @default 0.9 */
  rho?: number;
  /** ε in the denominator. @default RMSPROP_EPSILON (1e-8) */
  epsilon?: number;
}

/** RMSprop: s ← ρ·s + (1 − ρ)·g², w ← w − η·g / (sqrt(s) + ε), with s starting at 0 per parameter. */
export class Rmsprop extends SlotOptimizer implements Optimizer {
  readonly name = 'rmsprop';
  learningRate: number;
  readonly rho: number;
  readonly epsilon: number;

  constructor(options: RmspropOptions = {}) {
    super(1);
    this.learningRate = checkLearningRate(options.learningRate ?? 0.001);
    this.rho = checkRange('rho', options.rho ?? 0.9, 0, 1);
    this.epsilon = checkRange('epsilon', options.epsilon ?? RMSPROP_EPSILON, 0, Infinity, false);
  }

  step(parameters: readonly Parameter[]): void {
    const { learningRate: eta, rho, epsilon } = this;
    for (const p of parameters) {
      const st = this.state.get(p);
      const s = st.slots[0]!;
      const w = p.value.data;
      const g = p.grad.data;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        const si = rho * s[i]! + (1 - rho) * gi * gi;
        s[i] = si;
        w[i]! -= (eta * gi) / (Math.sqrt(si) + epsilon);
      }
      st.t++;
    }
  }
}
