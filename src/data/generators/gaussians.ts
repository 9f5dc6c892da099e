import type { LabeledSet } from '../dataset.js';
import { type GeneratorOptions, checkOptions, pointSet } from './common.js';

/**
 * Two gaussian blobs: class 0 centred at (−1, −1), class 1 at (1, 1), each with standard
 * deviation `noise`; they overlap a little at the default. Classes alternate (balanced).
 * Defaults: n 300, noise 0.6.
 */
export function gaussians(options: GeneratorOptions): LabeledSet {
  const { n, noise } = checkOptions('gaussians', options, { n: 300, noise: 0.6 });
  const { rng } = options;
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const centre = label === 1 ? 1 : -1;
    points[2 * i] = centre + rng.normal(0, noise);
    points[2 * i + 1] = centre + rng.normal(0, noise);
    labels[i] = label;
  }
  return pointSet('gaussians', points, labels);
}
