import { UsageError } from '../../errors.js';
import type { LabeledSet } from '../dataset.js';
import { DenseFeatures } from '../features.js';
import { type GeneratorOptions, checkOptions } from './common.js';

export interface LineOptions extends GeneratorOptions {
  /** The slope a. @default 2 */
  slope?: number;
  /** The intercept b. @default 5 */
  intercept?: number;
}

/**
 * A regression set with one feature: x uniform in [0, 10], y = a·x + b + noise,
 * the noise gaussian with standard deviation `noise`. Feature Input_A, target Target.
 * Defaults: n 100, noise 1, a 2, b 5.
 */
export function line(options: LineOptions): LabeledSet {
  const { n, noise } = checkOptions('line', options, { n: 100, noise: 1 });
  const slope = options.slope ?? 2;
  const intercept = options.intercept ?? 5;
  if (!Number.isFinite(slope) || !Number.isFinite(intercept)) {
    throw new UsageError(`line: slope and intercept must be finite, got ${slope} and ${intercept}`);
  }
  const { rng } = options;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = rng.uniformRange(0, 10);
    xs[i] = x;
    ys[i] = slope * x + intercept + rng.normal(0, noise);
  }
  return {
    source: 'line',
    features: new DenseFeatures(xs, n, 1),
    featureNames: ['Input_A'],
    targetName: 'Target',
    targets: ys,
  };
}
