import type { AdamHyper, FloatArray } from '../types.js';

export function reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
  // A multiply instead of a branch: signs of activations are random, and mispredicted branches cost 3× here.
  // (A negative dy where x ≤ 0 gives −0 instead of +0; equal as numbers.)
  for (let i = 0; i < dx.length; i++) dx[i] = dy[i]! * +(x[i]! > 0);
}

export function sigmoidBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  if (dx instanceof Float32Array) {
    // float32 arithmetic, one rounding per operation: the SIMD lanes' bits.
    const f = Math.fround;
    for (let i = 0; i < dx.length; i++) {
      const v = y[i]!;
      dx[i] = f(dy[i]! * f(v * f(1 - v)));
    }
    return;
  }
  for (let i = 0; i < dx.length; i++) dx[i] = dy[i]! * (y[i]! * (1 - y[i]!));
}

export function columnMoments(x: FloatArray, rows: number, cols: number, mean: FloatArray, variance: FloatArray): void {
  const sum = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let i = 0, at = 0; i < rows; i++) for (let j = 0; j < cols; j++, at++) sum[j]! += x[at]!;
  for (let j = 0; j < cols; j++) sum[j]! /= rows;
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, at++) {
      const d = x[at]! - sum[j]!;
      sq[j]! += d * d;
    }
  }
  for (let j = 0; j < cols; j++) {
    mean[j] = sum[j]!;
    variance[j] = sq[j]! / rows;
  }
}

export function columnDots(a: FloatArray, b: FloatArray, rows: number, cols: number, sumA: FloatArray, sumAB: FloatArray): void {
  const s = new Float64Array(cols);
  const p = new Float64Array(cols);
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, at++) {
      const v = a[at]!;
      s[j]! += v;
      p[j]! += v * b[at]!;
    }
  }
  for (let j = 0; j < cols; j++) {
    sumA[j] = s[j]!;
    sumAB[j] = p[j]!;
  }
}

export function columnAffine(
  x: FloatArray, rows: number, cols: number, center: FloatArray, scale: FloatArray, gain: FloatArray, bias: FloatArray,
  h: FloatArray | undefined, out: FloatArray,
): void {
  for (let i = 0, at = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, at++) {
      const v = (x[at]! - center[j]!) * scale[j]!;
      if (h) h[at] = v;
      out[at] = v * gain[j]! + bias[j]!;
    }
  }
}

export function columnCombine(a: FloatArray, b: FloatArray, rows: number, cols: number, ka: FloatArray, kb: FloatArray, k: FloatArray, out: FloatArray): void {
  for (let i = 0, at = 0; i < rows; i++) for (let j = 0; j < cols; j++, at++) out[at] = a[at]! * ka[j]! + b[at]! * kb[j]! + k[j]!;
}

export function adamStep(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, hyper: AdamHyper): void {
  const { beta1: b1, beta2: b2, eta, c1, c2, epsilon } = hyper;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = b1 * m[i]! + (1 - b1) * gi;
    const vi = b2 * v[i]! + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i]! -= (eta * mi * c1) / (Math.sqrt(vi * c2) + epsilon);
  }
}
