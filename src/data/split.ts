import { UsageError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';

export interface SplitOptions {
  /** Fraction of the rows for validation, in [0, 1). @default 0 */
  validation?: number;
  /** Fraction of the rows for testing, in [0, 1). @default 0 */
  test?: number;
  /** Shuffles the rows before they are dealt out. */
  rng: Rng;
}

/** Row indices of each part. The parts are disjoint and together hold 0 … n−1. */
export interface IndexSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

/**
 * Shuffles 0 … n−1 with `rng` and deals it into test (round(n·test) rows), validation
 * (round(n·validation) rows) and train (the rest, at least one row).
 *
 * Example: n = 10, test 0.2, validation 0.1 → 7 train, 1 validation, 2 test rows.
 */
export function splitIndices(n: number, options: SplitOptions): IndexSplit {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`split: the number of rows must be a whole number ≥ 1, got ${n}`);
  const validation = checkFraction('validation', options.validation ?? 0);
  const test = checkFraction('test', options.test ?? 0);
  if (validation + test >= 1) throw new UsageError(`split: validation ${validation} + test ${test} leaves no rows for training`);
  const testRows = Math.round(n * test);
  const validationRows = Math.round(n * validation);
  const trainRows = n - testRows - validationRows;
  if (trainRows < 1) throw new UsageError(`split: ${n} rows are too few for validation ${validation} and test ${test}; use smaller fractions or more rows`);
  const order = options.rng.permutation(n);
  return {
    train: order.slice(0, trainRows),
    validation: order.slice(trainRows, trainRows + validationRows),
    test: order.slice(trainRows + validationRows),
  };
}

export interface TrainTestOptions {
  /** Fraction of the rows held out for testing, in [0, 1). @default 0.2 */
  testFraction?: number;
  rng: Rng;
}

/** A shuffled train/test split of 0 … n−1; see splitIndices. */
export function trainTestSplit(n: number, options: TrainTestOptions): { train: Int32Array; test: Int32Array } {
  const { train, test } = splitIndices(n, { test: options.testFraction ?? 0.2, rng: options.rng });
  return { train, test };
}

function checkFraction(name: string, value: number): number {
  if (!(value >= 0 && value < 1)) throw new UsageError(`split: ${name} fraction must be in [0, 1), got ${value}`);
  return value;
}
