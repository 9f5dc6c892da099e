// Kernels of the backward pass and the optimizer: the relu gradient, batch normalization's column
// statistics and per-column affine maps, and one Adam step.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. Pointers are byte addresses.
// Column sums run in float32 registers over blocks of rows and in float64 across blocks (within float32
// rounding of the portable loops' float64 sums); Adam runs in float64 exactly as the portable loop does.

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

/** Rows summed in float32 registers before the partial sums are added into float64 (bounds the rounding). */
const BLOCK: i32 = 256;

/** Adds four float32 lanes into four float64 sums at p. */
// @ts-ignore: decorator
@inline function flush4(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
  v128.store(p + 16, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3))));
}

/**
 * Per column j of a: [rows, cols] (and b, when given): s[j] += Σ_i (a[i, j] − shift[j]) and
 * p[j] += Σ_i (a − shift)·(b when given, else a − shift), for 4 or 16 columns at a time from column j0: the sums
 * stay in registers for BLOCK rows, then go into the float64 sums s, p (shift, s, p: float64 per column).
 */
function columnSumsBlocked(a: usize, b: usize, rows: i32, cols: i32, j0: i32, width: i32, shift: usize, s: usize, p: usize): void {
  const rowBytes = <usize>cols * 4;
  const o = <usize>j0 * 4;
  const sh0 = f32x4.demote_f64x2_zero(v128.load(shift + <usize>j0 * 8));
  const c0 = i32x4.shuffle(sh0, f32x4.demote_f64x2_zero(v128.load(shift + <usize>j0 * 8, 16)), 0, 1, 4, 5);
  let c1 = c0, c2 = c0, c3 = c0;
  if (width == 16) {
    c1 = i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(shift + <usize>(j0 + 4) * 8)), f32x4.demote_f64x2_zero(v128.load(shift + <usize>(j0 + 4) * 8, 16)), 0, 1, 4, 5);
    c2 = i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(shift + <usize>(j0 + 8) * 8)), f32x4.demote_f64x2_zero(v128.load(shift + <usize>(j0 + 8) * 8, 16)), 0, 1, 4, 5);
    c3 = i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(shift + <usize>(j0 + 12) * 8)), f32x4.demote_f64x2_zero(v128.load(shift + <usize>(j0 + 12) * 8, 16)), 0, 1, 4, 5);
  }
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = min(rows, r0 + BLOCK);
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, p0 = s0, p1 = s0, p2 = s0, p3 = s0;
    let pa = a + <usize>r0 * rowBytes + o;
    let pb = b + <usize>r0 * rowBytes + o;
    for (let i = r0; i < r1; i++) {
      const d0 = f32x4.sub(v128.load(pa), c0);
      s0 = f32x4.add(s0, d0);
      p0 = f32x4.add(p0, f32x4.mul(d0, b != 0 ? v128.load(pb) : d0));
      if (width == 16) {
        const d1 = f32x4.sub(v128.load(pa, 16), c1);
        const d2 = f32x4.sub(v128.load(pa, 32), c2);
        const d3 = f32x4.sub(v128.load(pa, 48), c3);
        s1 = f32x4.add(s1, d1);
        s2 = f32x4.add(s2, d2);
        s3 = f32x4.add(s3, d3);
        p1 = f32x4.add(p1, f32x4.mul(d1, b != 0 ? v128.load(pb, 16) : d1));
        p2 = f32x4.add(p2, f32x4.mul(d2, b != 0 ? v128.load(pb, 32) : d2));
        p3 = f32x4.add(p3, f32x4.mul(d3, b != 0 ? v128.load(pb, 48) : d3));
      }
      pa += rowBytes;
      pb += rowBytes;
    }
    const q = <usize>j0 * 8;
    flush4(s + q, s0);
    flush4(p + q, p0);
    if (width == 16) {
      flush4(s + q + 32, s1);
      flush4(s + q + 64, s2);
      flush4(s + q + 96, s3);
      flush4(p + q + 32, p1);
      flush4(p + q + 64, p2);
      flush4(p + q + 96, p3);
    }
  }
}

/** columnSumsBlocked over every column: 16 at a time, then 4, then the last few one by one in float64. */
function columnSums(a: usize, b: usize, rows: i32, cols: i32, shift: usize, s: usize, p: usize): void {
  let j = 0;
  for (; j + 16 <= cols; j += 16) columnSumsBlocked(a, b, rows, cols, j, 16, shift, s, p);
  for (; j + 4 <= cols; j += 4) columnSumsBlocked(a, b, rows, cols, j, 4, shift, s, p);
  const rowBytes = <usize>cols * 4;
  for (; j < cols; j++) {
    const c = load<f64>(shift + <usize>j * 8);
    let ss: f64 = 0, pp: f64 = 0;
    for (let i = 0; i < rows; i++) {
      const d = <f64>load<f32>(a + <usize>i * rowBytes + <usize>j * 4) - c;
      ss += d;
      pp += d * (b != 0 ? <f64>load<f32>(b + <usize>i * rowBytes + <usize>j * 4) : d);
    }
    store<f64>(s + <usize>j * 8, ss);
    store<f64>(p + <usize>j * 8, pp);
  }
}

/**
 * Per column of x: [rows, cols]: mean and biased variance, written as float32, in one pass: sums of x − x[0, j]
 * and of its square, in float32 for BLOCK rows at a time and in float64 across blocks (shifting by the first row
 * keeps E[d²] − E[d]² from cancelling). `work` holds 3·cols float64.
 */
export function columnMoments(x: usize, rows: i32, cols: i32, mean: usize, variance: usize, work: usize): void {
  const shift = work;
  const s = work + <usize>cols * 8;
  const p = work + <usize>cols * 16;
  memory.fill(s, 0, <usize>cols * 16);
  for (let j: usize = 0; j < <usize>cols; j++) store<f64>(shift + j * 8, rows > 0 ? <f64>load<f32>(x + j * 4) : 0);
  columnSums(x, 0, rows, cols, shift, s, p);
  const n = <f64>rows;
  for (let j: usize = 0; j < <usize>cols; j++) {
    const m = load<f64>(s + j * 8) / n;
    store<f32>(mean + j * 4, <f32>(load<f64>(shift + j * 8) + m));
    store<f32>(variance + j * 4, <f32>max(0, load<f64>(p + j * 8) / n - m * m));
  }
}

/** Per column: sumA[j] = Σ_i a[i, j] and sumAB[j] = Σ_i a[i, j]·b[i, j], blocked as columnMoments, written as float32. `work`: 3·cols float64. */
export function columnDots(a: usize, b: usize, rows: i32, cols: i32, sumA: usize, sumAB: usize, work: usize): void {
  const shift = work;
  const s = work + <usize>cols * 8;
  const p = work + <usize>cols * 16;
  memory.fill(work, 0, <usize>cols * 24);
  columnSums(a, b, rows, cols, shift, s, p);
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
