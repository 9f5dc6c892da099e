import type { LabeledSet } from '../dataset.js';
import { type GeneratorOptions, checkOptions, pointSet } from './common.js';

/** Points closer than this to the boundary are redrawn, so the classes have a visible gap. */
const MARGIN = 0.1;

/**
 * Linearly separable classes in [−1, 1]²: a random line through a point near the origin,
 * at a random angle, splits the square; class 1 lies on its positive side (w·x + b > 0).
 * With the default noise 0 the set is separable with margin MARGIN.
 * Defaults: n 300, noise 0 (gaussian, added after labelling).
 */
export function linear(options: GeneratorOptions): LabeledSet {
  const { n, noise } = checkOptions('linear', options, { n: 300, noise: 0 });
  const { rng } = options;
  const angle = rng.uniformRange(0, 2 * Math.PI);
  const w0 = Math.cos(angle);
  const w1 = Math.sin(angle);
  const b = rng.uniformRange(-0.3, 0.3);
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x: number;
    let y: number;
    let distance: number;
    do {
      x = rng.uniformRange(-1, 1);
      y = rng.uniformRange(-1, 1);
      distance = w0 * x + w1 * y + b; // |w| = 1, so this is the signed distance
    } while (Math.abs(distance) < MARGIN);
    labels[i] = distance > 0 ? 1 : 0;
    points[2 * i] = x + rng.normal(0, noise);
    points[2 * i + 1] = y + rng.normal(0, noise);
  }
  return pointSet('linear', points, labels);
}
