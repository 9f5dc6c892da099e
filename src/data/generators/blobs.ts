import type { LabeledSet } from '../dataset.js';
import { type MulticlassOptions, checkClasses, checkOptions, pointSet } from './common.js';

/** Distance of each blob's centre from the origin. */
const RADIUS = 2;

/**
 * k gaussian blobs for multiclass classification: blob c is centred at
 * RADIUS·(cos 2πc/k, sin 2πc/k) with standard deviation `noise`. Example i is class i mod k.
 * Defaults: n 300, noise 0.5, classes 3.
 */
export function blobs(options: MulticlassOptions): LabeledSet {
  const { n, noise } = checkOptions('blobs', options, { n: 300, noise: 0.5 });
  const classes = checkClasses('blobs', options.classes, 3, n);
  const { rng } = options;
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const angle = (2 * Math.PI * c) / classes;
    points[2 * i] = RADIUS * Math.cos(angle) + rng.normal(0, noise);
    points[2 * i + 1] = RADIUS * Math.sin(angle) + rng.normal(0, noise);
    labels[i] = c;
  }
  return pointSet('blobs', points, labels);
}
