import { UsageError } from '../errors.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Parameter } from '../tensor/parameter.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

export interface SgdOptions {
  /** step size η in w ← w − η·∇w. @default 0.01 */
  learningRate?: number;
}

/** Plain gradient descent: w ← w − η·∇w. */
export class Sgd implements Optimizer {
  readonly name = 'sgd';
  learningRate: number;

  constructor(options: SgdOptions = {}) {
    this.learningRate = options.learningRate ?? 0.01;
    if (!(this.learningRate > 0) || !Number.isFinite(this.learningRate)) {
      throw new UsageError(`learning rate must be a positive number, got ${this.learningRate}`);
    }
  }

  step(parameters: readonly Parameter[]): void {
    for (const p of parameters) kernelsFor(p.value.data).axpy(p.value.data, -this.learningRate, p.grad.data, p.value.data);
  }

  /** Plain gradient descent keeps no state. */
  getState(): OptimizerState {
    return {};
  }

  setState(state: OptimizerState): void {
    if (Object.keys(state).length > 0) throw new UsageError('sgd keeps no optimizer state, but a state was given');
  }
}
