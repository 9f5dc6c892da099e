import { UsageError } from '../errors.js';

/**
 * The value a ratio takes when its denominator is 0, as in scikit-learn's `zero_division`:
 * - 0 (the default) counts an undefined score as a failure;
 * - 1 counts it as a success;
 * - NaN leaves it undefined, and averages then skip it.
 */
export const DEFAULT_ZERO_DIVISION = 0;

/** `zeroDivision` must be 0, 1 or NaN. */
export function requireZeroDivision(fn: string, value: number): void {
  if (value !== 0 && value !== 1 && !Number.isNaN(value)) {
    throw new UsageError(`${fn}: zeroDivision is ${value}; it must be 0, 1 or NaN`);
  }
}

/** numerator / denominator, or `zeroDivision` when the denominator is 0. */
export function divide(numerator: number, denominator: number, zeroDivision: number): number {
  return denominator === 0 ? zeroDivision : numerator / denominator;
}
