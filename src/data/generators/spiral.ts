import type { LabeledSet } from '../dataset.js';
import { type MulticlassOptions, checkClasses, checkOptions, pointSet } from './common.js';

/** Turns each arm makes from the centre to radius 1. */
const TURNS = 1.25;

/**
 * k interleaved spiral arms, one per class: arm c is r ↦ (r cos θ, r sin θ) with
 * θ = 2π·(TURNS·r + c/k), r uniform in [0.05, 1]. Classes are balanced (example i is class i mod k).
 * Defaults: n 400, noise 0.05 (gaussian, on each coordinate), classes 2.
 */
export function spiral(options: MulticlassOptions): LabeledSet {
  const { n, noise } = checkOptions('spiral', options, { n: 400, noise: 0.05 });
  const classes = checkClasses('spiral', options.classes, 2, n);
  const { rng } = options;
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const r = rng.uniformRange(0.05, 1);
    const theta = 2 * Math.PI * (TURNS * r + c / classes);
    points[2 * i] = r * Math.cos(theta) + rng.normal(0, noise);
    points[2 * i + 1] = r * Math.sin(theta) + rng.normal(0, noise);
    labels[i] = c;
  }
  return pointSet('spiral', points, labels);
}
