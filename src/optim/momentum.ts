import type { Parameter } from '../tensor/parameter.js';
import type { Optimizer } from './optimizer.js';
import { SlotOptimizer, checkLearningRate, checkRange } from './state.js';

export interface MomentumOptions {
  /** step size η. @default 0.01 */
  learningRate?: number;
  /** μ, the fraction of the last step kept. @default 0.9 */
  momentum?: number;
}

/** Gradient descent with momentum: v ← μ·v − η·∇w, w ← w + v (v starts at 0 per parameter). */
export class Momentum extends SlotOptimizer implements Optimizer {
  readonly name = 'momentum';
  learningRate: number;
  readonly momentum: number;

  constructor(options: MomentumOptions = {}) {
    super(1);
    this.learningRate = checkLearningRate(options.learningRate ?? 0.01);
    this.momentum = checkRange('momentum', options.momentum ?? 0.9, 0, 1);
  }

  step(parameters: readonly Parameter[]): void {
    const eta = this.learningRate;
    const mu = this.momentum;
    for (const p of parameters) {
      const s = this.state.get(p);
      const v = s.slots[0]!;
      const w = p.value.data;
      const g = p.grad.data;
      for (let i = 0; i < w.length; i++) {
        const vi = mu * v[i]! - eta * g[i]!;
        v[i] = vi;
        w[i]! += vi;
      }
      s.t++;
    }
  }
}
