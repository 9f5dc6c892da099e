// Kernels of the backward pass and the optimizer: the relu gradient, batch normalization's column
// statistics and per-column affine maps, and one Adam step.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. Pointers are byte addresses.
// Sums are accumulated in float64 in row order, and Adam runs in float64, exactly as the portable
// loops do, so those results are bit-identical to them.

/** out = dy where x > 0, else +0 (NaN x gives 0). out may equal dy. */
export function reluBackward(x: usize, dy: usize, len: i32, out: usize): void {
  const bytes = <usize>len * 4;
  const vecEnd = <usize>(len & ~3) * 4;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i < vecEnd; i += 16) v128.store(out + i, v128.and(v128.load(dy + i), f32x4.gt(v128.load(x + i), zero)));
  for (; i < bytes; i += 4) store<f32>(out + i, load<f32>(x + i) > 0 ? load<f32>(dy + i) : 0);
}

/** Two float32 at p, widened to float64 lanes. */
// @ts-ignore: decorator
@inline function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/**
 * acc[j] += Σ_i x[i, j] (and accSq[j] += Σ_i (x[i, j] − center[j])² when center ≠ 0), in float64, row by row,
 * for x: [rows, cols] float32; acc, accSq, center: cols float64.
 */
function columnSums64(x: usize, rows: i32, cols: i32, acc: usize, center: usize, accSq: usize): void {
  const rowBytes = <usize>cols * 4;
  const pairEnd = <usize>(cols & ~1);
  for (let i = 0; i < rows; i++) {
    let j: usize = 0;
    if (center == 0) {
      for (; j < pairEnd; j += 2) v128.store(acc + j * 8, f64x2.add(v128.load(acc + j * 8), load2(x + j * 4)));
      if (j < <usize>cols) store<f64>(acc + j * 8, load<f64>(acc + j * 8) + <f64>load<f32>(x + j * 4));
    } else {
      for (; j < pairEnd; j += 2) {
        const d = f64x2.sub(load2(x + j * 4), v128.load(center + j * 8));
        v128.store(accSq + j * 8, f64x2.add(v128.load(accSq + j * 8), f64x2.mul(d, d)));
      }
      if (j < <usize>cols) {
        const d = <f64>load<f32>(x + j * 4) - load<f64>(center + j * 8);
        store<f64>(accSq + j * 8, load<f64>(accSq + j * 8) + d * d);
      }
    }
    x += rowBytes;
  }
}

/**
 * Per column of x: [rows, cols]: mean and biased variance, accumulated in float64 (two passes), written as
 * float32. `work` holds 2·cols float64.
 */
export function columnMoments(x: usize, rows: i32, cols: i32, mean: usize, variance: usize, work: usize): void {
  const sum = work;
  const sq = work + <usize>cols * 8;
  memory.fill(work, 0, <usize>cols * 16);
  columnSums64(x, rows, cols, sum, 0, 0);
  const n = <f64>rows;
  for (let j: usize = 0; j < <usize>cols; j++) store<f64>(sum + j * 8, load<f64>(sum + j * 8) / n);
  columnSums64(x, rows, cols, 0, sum, sq);
  for (let j: usize = 0; j < <usize>cols; j++) {
    store<f32>(mean + j * 4, <f32>load<f64>(sum + j * 8));
    store<f32>(variance + j * 4, <f32>(load<f64>(sq + j * 8) / n));
  }
}

/** Per column: sumA[j] = Σ_i a[i, j] and sumAB[j] = Σ_i a[i, j]·b[i, j], in float64, written as float32. `work`: 2·cols float64. */
export function columnDots(a: usize, b: usize, rows: i32, cols: i32, sumA: usize, sumAB: usize, work: usize): void {
  const s = work;
  const p = work + <usize>cols * 8;
  memory.fill(work, 0, <usize>cols * 16);
  const rowBytes = <usize>cols * 4;
  const pairEnd = <usize>(cols & ~1);
  for (let i = 0; i < rows; i++) {
    let j: usize = 0;
    for (; j < pairEnd; j += 2) {
      const va = load2(a + j * 4);
      v128.store(s + j * 8, f64x2.add(v128.load(s + j * 8), va));
      v128.store(p + j * 8, f64x2.add(v128.load(p + j * 8), f64x2.mul(va, load2(b + j * 4))));
    }
    if (j < <usize>cols) {
      const va = <f64>load<f32>(a + j * 4);
      store<f64>(s + j * 8, load<f64>(s + j * 8) + va);
      store<f64>(p + j * 8, load<f64>(p + j * 8) + va * <f64>load<f32>(b + j * 4));
    }
    a += rowBytes;
    b += rowBytes;
  }
  for (let j: usize = 0; j < <usize>cols; j++) {
    store<f32>(sumA + j * 4, <f32>load<f64>(s + j * 8));
    store<f32>(sumAB + j * 4, <f32>load<f64>(p + j * 8));
  }
}

/**
 * Per-column maps over x: [rows, cols]: h = (x − center[j])·scale[j], out = h·gain[j] + bias[j], and, when
 * hOut ≠ 0, h is stored at hOut (batch norm's forward: h = x̂, out = y). Float32 arithmetic.
 */
export function columnAffine(
  x: usize, rows: i32, cols: i32, center: usize, scale: usize, gain: usize, bias: usize, hOut: usize, out: usize,
): void {
  const rowBytes = <usize>cols * 4;
  const vecEnd = <usize>(cols & ~3) * 4;
  for (let i = 0; i < rows; i++) {
    let j: usize = 0;
    for (; j < vecEnd; j += 16) {
      const h = f32x4.mul(f32x4.sub(v128.load(x + j), v128.load(center + j)), v128.load(scale + j));
      if (hOut != 0) v128.store(hOut + j, h);
      v128.store(out + j, f32x4.add(f32x4.mul(h, v128.load(gain + j)), v128.load(bias + j)));
    }
    for (; j < rowBytes; j += 4) {
      const h = (load<f32>(x + j) - load<f32>(center + j)) * load<f32>(scale + j);
      if (hOut != 0) store<f32>(hOut + j, h);
      store<f32>(out + j, h * load<f32>(gain + j) + load<f32>(bias + j));
    }
    x += rowBytes;
    out += rowBytes;
    if (hOut != 0) hOut += rowBytes;
  }
}

/** out = a·ka[j] + b·kb[j] + k[j] per column of a, b: [rows, cols] (batch norm's input gradient). Float32 arithmetic. */
export function columnCombine(a: usize, b: usize, rows: i32, cols: i32, ka: usize, kb: usize, k: usize, out: usize): void {
  const rowBytes = <usize>cols * 4;
  const vecEnd = <usize>(cols & ~3) * 4;
  for (let i = 0; i < rows; i++) {
    let j: usize = 0;
    for (; j < vecEnd; j += 16) {
      const t = f32x4.add(f32x4.mul(v128.load(a + j), v128.load(ka + j)), f32x4.mul(v128.load(b + j), v128.load(kb + j)));
      v128.store(out + j, f32x4.add(t, v128.load(k + j)));
    }
    for (; j < rowBytes; j += 4) {
      store<f32>(out + j, load<f32>(a + j) * load<f32>(ka + j) + load<f32>(b + j) * load<f32>(kb + j) + load<f32>(k + j));
    }
    a += rowBytes;
    b += rowBytes;
    out += rowBytes;
  }
}

/**
 * One Adam step over len float32 parameters w with gradients g and moments m, v, in float64 two lanes at a
 * time exactly as the portable loop computes it: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − (η·m)·c₁ / (sqrt(v·c₂) + ε), where c₁, c₂ are the bias corrections 1/(1 − βᵗ).
 */
export function adamStep(
  w: usize, g: usize, m: usize, v: usize, len: i32, b1: f64, b2: f64, eta: f64, c1: f64, c2: f64, eps: f64,
): void {
  const bytes = <usize>len * 4;
  const pairEnd = <usize>(len & ~1) * 4;
  const vb1 = f64x2.splat(b1), vb2 = f64x2.splat(b2), va1 = f64x2.splat(1 - b1), va2 = f64x2.splat(1 - b2);
  const veta = f64x2.splat(eta), vc1 = f64x2.splat(c1), vc2 = f64x2.splat(c2), veps = f64x2.splat(eps);
  let i: usize = 0;
  for (; i < pairEnd; i += 8) {
    const gi = load2(g + i);
    const mi = f64x2.add(f64x2.mul(vb1, load2(m + i)), f64x2.mul(va1, gi));
    const vi = f64x2.add(f64x2.mul(vb2, load2(v + i)), f64x2.mul(f64x2.mul(va2, gi), gi));
    const step = f64x2.div(f64x2.mul(f64x2.mul(veta, mi), vc1), f64x2.add(f64x2.sqrt(f64x2.mul(vi, vc2)), veps));
    v128.store64_lane(m + i, f32x4.demote_f64x2_zero(mi), 0);
    v128.store64_lane(v + i, f32x4.demote_f64x2_zero(vi), 0);
    v128.store64_lane(w + i, f32x4.demote_f64x2_zero(f64x2.sub(load2(w + i), step)), 0);
  }
  for (; i < bytes; i += 4) {
    const gi = <f64>load<f32>(g + i);
    const mi = b1 * <f64>load<f32>(m + i) + (1 - b1) * gi;
    const vi = b2 * <f64>load<f32>(v + i) + (1 - b2) * gi * gi;
    store<f32>(m + i, <f32>mi);
    store<f32>(v + i, <f32>vi);
    store<f32>(w + i, <f32>(<f64>load<f32>(w + i) - (eta * mi * c1) / (Math.sqrt(vi * c2) + eps)));
  }
}
