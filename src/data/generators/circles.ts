import type { LabeledSet } from '../dataset.js';
import { type GeneratorOptions, checkOptions, pointSet } from './common.js';

/**
 * Two concentric rings: class 1 on the inner ring (radius 0.5), class 0 on the outer (radius 1),
 * alternating so the classes are balanced. Not linearly separable.
 * Defaults: n 300, noise 0.1 (gaussian, on each coordinate).
 */
export function circles(options: GeneratorOptions): LabeledSet {
  const { n, noise } = checkOptions('circles', options, { n: 300, noise: 0.1 });
  const { rng } = options;
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? 1 : 0;
    const radius = label === 1 ? 0.5 : 1;
    const angle = rng.uniformRange(0, 2 * Math.PI);
    points[2 * i] = radius * Math.cos(angle) + rng.normal(0, noise);
    points[2 * i + 1] = radius * Math.sin(angle) + rng.normal(0, noise);
    labels[i] = label;
  }
  return pointSet('circles', points, labels);
}
