import type { Parameter } from '../tensor/parameter.js';

import type { FloatArray } from '../kernels/types.js';

/** An optimizer's state per parameter name: its step count and its slot arrays (momentum, moments). */
export type OptimizerState = Record<string, { t: number; slots: FloatArray[] }>;

/** Updates parameters from their gradients. State (momentum, moments) is kept per parameter name. */
export interface Optimizer {
  readonly name: string;
  /** The step size of the next updates; a schedule (e.g. the training loop's decay) may change it between epochs. */
  learningRate: number;
  /** One update of every parameter from its current `grad`. */
  step(parameters: readonly Parameter[]): void;
  /** A copy of the state, for checkpoints (empty for plain gradient descent). */
  getState(): OptimizerState;
  /** Restores a state from getState(), so a resumed run continues exactly. */
  setState(state: OptimizerState): void;
}
