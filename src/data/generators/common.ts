import { UsageError } from '../../errors.js';
import type { Rng } from '../../tensor/rng.js';
import type { LabeledSet } from '../dataset.js';
import { DenseFeatures } from '../features.js';

/** Options every generator takes. Each generator documents its own defaults. */
export interface GeneratorOptions {
  /** Number of examples. */
  n?: number;
  /** Standard deviation of the gaussian noise added to each point. */
  noise?: number;
  /** The only source of randomness: the same seed gives the same set. */
  rng: Rng;
}

/** Options of the generators with a choice of class count. */
export interface MulticlassOptions extends GeneratorOptions {
  /** Number of classes. */
  classes?: number;
}

/** The largest n a generator accepts. */
export const MAX_GENERATED = 1_000_000;

/** n and noise after defaults, checked. */
export function checkOptions(name: string, options: GeneratorOptions, defaults: { n: number; noise: number }): { n: number; noise: number } {
  const n = options.n ?? defaults.n;
  const noise = options.noise ?? defaults.noise;
  if (!Number.isInteger(n) || n < 1 || n > MAX_GENERATED) throw new UsageError(`${name}: n must be a whole number in 1…${MAX_GENERATED}, got ${n}`);
  if (!(noise >= 0 && Number.isFinite(noise))) throw new UsageError(`${name}: noise must be a finite number ≥ 0, got ${noise}`);
  return { n, noise };
}

/** The class count after its default, checked (2 … 32, and at most n). */
export function checkClasses(name: string, classes: number | undefined, fallback: number, n: number): number {
  const k = classes ?? fallback;
  if (!Number.isInteger(k) || k < 2 || k > 32) throw new UsageError(`${name}: classes must be a whole number in 2…32, got ${k}`);
  if (k > n) throw new UsageError(`${name}: ${k} classes need at least ${k} examples, got n = ${n}`);
  return k;
}

/** A 2-D set: points [n, 2] with features Input_A, Input_B and class targets named Label. */
export function pointSet(source: string, points: Float64Array, labels: Float64Array): LabeledSet {
  return {
    source,
    features: new DenseFeatures(points, labels.length, 2),
    featureNames: ['Input_A', 'Input_B'],
    targetName: 'Label',
    targets: labels,
  };
}
