import type { LabeledSet } from '../dataset.js';
import { type GeneratorOptions, checkOptions, pointSet } from './common.js';

/** Points are kept this far from the axes so the quadrants stay apart before noise. */
const MARGIN = 0.05;

/**
 * Four quadrants of [−1, 1]²: class 1 where exactly one coordinate is positive (x·y < 0),
 * class 0 where both have the same sign. Needs a hidden layer.
 * Defaults: n 400, noise 0 (gaussian, added after labelling).
 */
export function xor(options: GeneratorOptions): LabeledSet {
  const { n, noise } = checkOptions('xor', options, { n: 400, noise: 0 });
  const { rng } = options;
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  const coordinate = (): number => {
    const magnitude = rng.uniformRange(MARGIN, 1);
    return rng.uniform() < 0.5 ? -magnitude : magnitude;
  };
  for (let i = 0; i < n; i++) {
    const x = coordinate();
    const y = coordinate();
    labels[i] = x * y < 0 ? 1 : 0;
    points[2 * i] = x + rng.normal(0, noise);
    points[2 * i + 1] = y + rng.normal(0, noise);
  }
  return pointSet('xor', points, labels);
}
