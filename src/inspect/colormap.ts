/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * Categorical colours for classes, distinguishable and readable on white (Tableau 10), with class 0 orange
 * and class 1 blue so a binary picture agrees with the diverging map (low orange, high blue).
 */
export const CLASS_COLORS: readonly Rgb[] = [
  [255, 127, 14],
  [31, 119, 180],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

export function classColor(k: number): Rgb {
  return CLASS_COLORS[((k % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]!;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

const NEGATIVE: Rgb = [245, 147, 34];
const NEUTRAL: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [8, 119, 189];

/**
 * Diverging map for values in [−1, 1]: orange below 0, white at 0, blue above —
 * the colours TensorFlow Playground made familiar for node outputs and weights.
 */
export function diverging(v: number): Rgb {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  return t < 0 ? mix(NEUTRAL, NEGATIVE, -t) : mix(NEUTRAL, POSITIVE, t);
}

/** Sequential white → dark blue map for values in [0, 1] (counts, probabilities). */
export function sequential(v: number): Rgb {
  const t = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0));
  return mix([255, 255, 255], [8, 48, 107], t);
}

/** Gray for pixel intensities in [0, 1]: 0 white, 1 black (ink on paper). */
export function ink(v: number): Rgb {
  const g = 255 * (1 - Math.max(0, Math.min(1, v)));
  return [g, g, g];
}
