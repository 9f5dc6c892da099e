import type { Parameter } from '../tensor/parameter.js';

/** Updates parameters from their gradients. State (momentum, moments) is kept per parameter name. */
export interface Optimizer {
  readonly name: string;
  /** One update of every parameter from its current `grad`. */
  step(parameters: readonly Parameter[]): void;
}
