import type { Parameter } from '../tensor/parameter.js';
import type { Optimizer, OptimizerState } from './optimizer.js';
import { ParameterState, checkLearningRate, checkRange } from './state.js';

export interface MomentumOptions {
  /** step size η. @default 0.01 */
  learningRate?: number;
  /** μ, the fraction of the last step kept. @default 0.9 */
  momentum?: number;
}

/** Gradient descent with momentum: v ← μ·v − η·∇w, w ← w + v (v starts at 0 per parameter). */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  readonly learningRate: number;
  readonly momentum: number;
  private readonly state = new ParameterState(1);

  constructor(options: MomentumOptions = {}) {
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

  /** Forgets the velocities. */
  reset(): void {
    this.state.clear();
  }

  getState(): OptimizerState {
    return this.state.export();
  }

  setState(state: OptimizerState): void {
    this.state.import(state);
  }
}
