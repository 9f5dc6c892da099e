// Elementwise kernels and row reductions over float32, four lanes at a time.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. Pointers are byte addresses.
// Each loop runs whole vectors first, then the last len % 4 elements one at a time.

import { madd } from './simd';

const LOG2E: f32 = 1.4426950408889634;
// ln 2 split in two: LN2_HI has few significant bits, so n · LN2_HI is exact for |n| ≤ 128.
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444005469057e-4;
// Past these, e^x is 0 or overflows; clamping keeps the exponent arithmetic in range.
const EXP_MIN: f32 = -88;
const EXP_MAX: f32 = 88;
// 1.5·2^23: adding it to a float of magnitude below 2^22 rounds that float to an integer (the sum's ulp is 1)
// and leaves the integer, in two's complement, in the sum's low mantissa bits.
const ROUNDER: f32 = 12582912;

/**
 * e^x on four lanes: x = n·ln2 + r with n an integer and |r| ≤ ln2/2, e^r by its Taylor series
 * to degree 7 (truncation error below 1e-8 relative), times 2^n built in the exponent bits.
 * About 2 ulp (≈ 2e-7 relative) for x in [-87, 88]; e^x below -88 gives 0; NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  // pmin/pmax are one instruction each where min/max are several (their NaN and ±0 rules); they keep a
  // NaN x as it is, which is all the clamp needs.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
  // n = x·log2(e) rounded to the nearest integer (ties to even) by adding ROUNDER, which also leaves n in
  // the low bits of t's representation for 2^n below: cheaper than nearest and a saturating conversion.
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(t, f32x4.splat(ROUNDER));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(<f32>(1.0 / 5040.0));
  p = madd(p, r, f32x4.splat(<f32>(1.0 / 720.0)));
  p = madd(p, r, f32x4.splat(<f32>(1.0 / 120.0)));
  p = madd(p, r, f32x4.splat(<f32>(1.0 / 24.0)));
  p = madd(p, r, f32x4.splat(<f32>(1.0 / 6.0)));
  p = madd(p, r, f32x4.splat(0.5));
  p = madd(p, r, f32x4.splat(1));
  p = madd(p, r, f32x4.splat(1));
  // 2^n: the biased exponent n + 127 shifted into place (n = -127 gives +0). t's bits are ROUNDER's plus n,
  // and ROUNDER's low 9 bits are zero, so the shift leaves exactly n + 127 in the exponent.
  const scale = i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** One e^x with the same approximation as exp4 (for the tails of rows). */
// @ts-ignore: decorator
@inline function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

/** 1 / (1 + e^-x) on four lanes, as e/(1+e) with e = e^-|x| for negative x so nothing overflows. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const e = exp4(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e));
  return v128.bitselect(s, f32x4.mul(e, s), f32x4.ge(x, f32x4.splat(0)));
}

/** out[i, j] = x[i, j] + bias[j] for x: [rows, cols]. out may equal x. */
export function addRowVector(x: usize, bias: usize, rows: i32, cols: i32, out: usize): void {
  const rowBytes = <usize>cols * 4;
  const vecEnd = <usize>(cols & ~3) * 4;
  for (let i = 0; i < rows; i++) {
    let j: usize = 0;
    for (; j < vecEnd; j += 16) v128.store(out + j, f32x4.add(v128.load(x + j), v128.load(bias + j)));
    for (; j < rowBytes; j += 4) store<f32>(out + j, load<f32>(x + j) + load<f32>(bias + j));
    x += rowBytes;
    out += rowBytes;
  }
}

/**
 * out[j] = Σ_i x[i, j] for x: [rows, cols], summed row by row in float32 (the same order and
 * roundings as the portable loops). Columns go 16 at a time so the sums stay in registers.
 */
export function sumRows(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowBytes = <usize>cols * 4;
  let j: usize = 0;
  for (; j + 64 <= rowBytes; j += 64) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let src = x + j;
    for (let i = 0; i < rows; i++) {
      s0 = f32x4.add(s0, v128.load(src));
      s1 = f32x4.add(s1, v128.load(src, 16));
      s2 = f32x4.add(s2, v128.load(src, 32));
      s3 = f32x4.add(s3, v128.load(src, 48));
      src += rowBytes;
    }
    v128.store(out + j, s0);
    v128.store(out + j, s1, 16);
    v128.store(out + j, s2, 32);
    v128.store(out + j, s3, 48);
  }
  for (; j + 16 <= rowBytes; j += 16) {
    let s = f32x4.splat(0);
    let src = x + j;
    for (let i = 0; i < rows; i++) {
      s = f32x4.add(s, v128.load(src));
      src += rowBytes;
    }
    v128.store(out + j, s);
  }
  for (; j < rowBytes; j += 4) {
    let s: f32 = 0;
    let src = x + j;
    for (let i = 0; i < rows; i++) {
      s += load<f32>(src);
      src += rowBytes;
    }
    store<f32>(out + j, s);
  }
}

/** out = 1 / (1 + e^-x) for len elements. out may equal x. */
export function sigmoid(x: usize, len: i32, out: usize): void {
  const bytes = <usize>len * 4;
  const vecEnd = <usize>(len & ~3) * 4;
  let i: usize = 0;
  for (; i < vecEnd; i += 16) v128.store(out + i, sigmoid4(v128.load(x + i)));
  for (; i < bytes; i += 4) {
    store<f32>(out + i, f32x4.extract_lane(sigmoid4(f32x4.splat(load<f32>(x + i))), 0));
  }
}

/**
 * out = dy · (y · (1 − y)) for len elements, in float32 (the gradient of the sigmoid through its output y).
 * out may equal dy.
 */
export function sigmoidBackward(y: usize, dy: usize, len: i32, out: usize): void {
  const bytes = <usize>len * 4;
  const vecEnd = <usize>(len & ~3) * 4;
  const one = f32x4.splat(1);
  let i: usize = 0;
  for (; i < vecEnd; i += 16) {
    const v = v128.load(y + i);
    v128.store(out + i, f32x4.mul(v128.load(dy + i), f32x4.mul(v, f32x4.sub(one, v))));
  }
  for (; i < bytes; i += 4) {
    const v = load<f32>(y + i);
    store<f32>(out + i, load<f32>(dy + i) * (v * (1 - v)));
  }
}

/** out = max(0, x) for len elements, with NaN and -0 giving +0 (as `x > 0 ? x : 0`). out may equal x. */
export function relu(x: usize, len: i32, out: usize): void {
  const bytes = <usize>len * 4;
  const vecEnd = <usize>(len & ~3) * 4;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i < vecEnd; i += 16) {
    const v = v128.load(x + i);
    v128.store(out + i, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; i < bytes; i += 4) {
    const v = load<f32>(x + i);
    store<f32>(out + i, v > 0 ? v : 0);
  }
}

/** Row-wise softmax of x: [rows, cols], the row maximum subtracted first. out may equal x. */
export function softmaxRows(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowBytes = <usize>cols * 4;
  const vecEnd = <usize>(cols & ~3) * 4;
  for (let row = 0; row < rows; row++) {
    // The maximum (NaN anywhere makes it NaN, as Math.max does).
    let mv = f32x4.splat(-Infinity);
    let j: usize = 0;
    for (; j < vecEnd; j += 16) mv = f32x4.max(mv, v128.load(x + j));
    let mx = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; j < rowBytes; j += 4) mx = max(mx, load<f32>(x + j));
    // e^(x - max) and its sum.
    const mxv = f32x4.splat(mx);
    let sv = f32x4.splat(0);
    for (j = 0; j < vecEnd; j += 16) {
      const e = exp4(f32x4.sub(v128.load(x + j), mxv));
      v128.store(out + j, e);
      sv = f32x4.add(sv, e);
    }
    let sum = (f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1)) + (f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3));
    for (; j < rowBytes; j += 4) {
      const e = exp1(load<f32>(x + j) - mx);
      store<f32>(out + j, e);
      sum += e;
    }
    // Normalise.
    const inv: f32 = 1 / sum;
    const invv = f32x4.splat(inv);
    for (j = 0; j < vecEnd; j += 16) v128.store(out + j, f32x4.mul(v128.load(out + j), invv));
    for (; j < rowBytes; j += 4) store<f32>(out + j, load<f32>(out + j) * inv);
    x += rowBytes;
    out += rowBytes;
  }
}

/**
 * out = a + alpha · b for len elements, computed in float64 and rounded once to float32, so the
 * result is bit-identical to the portable loops. out may equal a or b.
 */
export function axpy(a: usize, alpha: f64, b: usize, len: i32, out: usize): void {
  const bytes = <usize>len * 4;
  const vecEnd = <usize>(len & ~3) * 4;
  const av = f64x2.splat(alpha);
  let i: usize = 0;
  for (; i < vecEnd; i += 16) {
    const x = v128.load(a + i);
    const y = v128.load(b + i);
    const lo = f64x2.add(f64x2.promote_low_f32x4(x), f64x2.mul(av, f64x2.promote_low_f32x4(y)));
    const hi = f64x2.add(
      f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3)),
      f64x2.mul(av, f64x2.promote_low_f32x4(i32x4.shuffle(y, y, 2, 3, 2, 3))),
    );
    v128.store(out + i, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < bytes; i += 4) {
    store<f32>(out + i, <f32>(<f64>load<f32>(a + i) + alpha * <f64>load<f32>(b + i)));
  }
}

/**
 * Softmax cross-entropy on logits z: [rows, cols] against targets t (one-hot or probabilities), fused:
 * returns the mean loss (1/rows)·Σ_r Σ_j t_rj·(lse_r − z_rj), with lse_r = max_r + log Σ_j e^(z_rj − max_r),
 * and writes grad = (softmax(z)·Σ_j t_rj − t)/rows. The exponentials are float32 (exp4), the sums over a
 * row and the loss float64. grad must not overlap z or t.
 */
export function softmaxCrossEntropy(z: usize, t: usize, rows: i32, cols: i32, grad: usize): f64 {
  const rowBytes = <usize>cols * 4;
  const vecEnd = <usize>(cols & ~3) * 4;
  const n = <f64>rows;
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    let mv = f32x4.splat(-Infinity);
    let j: usize = 0;
    for (; j < vecEnd; j += 16) mv = f32x4.max(mv, v128.load(z + j));
    let mx = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; j < rowBytes; j += 4) mx = max(mx, load<f32>(z + j));
    // e^(z − max) into grad; their sum and the targets' sum in float64.
    const mxv = f32x4.splat(mx);
    for (j = 0; j < vecEnd; j += 16) v128.store(grad + j, exp4(f32x4.sub(v128.load(z + j), mxv)));
    for (; j < rowBytes; j += 4) store<f32>(grad + j, exp1(load<f32>(z + j) - mx));
    let sum: f64 = 0, tSum: f64 = 0;
    for (j = 0; j < rowBytes; j += 4) {
      sum += <f64>load<f32>(grad + j);
      tSum += <f64>load<f32>(t + j);
    }
    const lse = <f64>mx + Math.log(sum);
    // Two divisions a row instead of two an element (a float64 division takes several cycles).
    const toProbability = tSum / sum;
    const perRow = 1 / n;
    for (j = 0; j < rowBytes; j += 4) {
      const tj = <f64>load<f32>(t + j);
      loss += tj * (lse - <f64>load<f32>(z + j));
      store<f32>(grad + j, <f32>((<f64>load<f32>(grad + j) * toProbability - tj) * perRow));
    }
    z += rowBytes;
    t += rowBytes;
    grad += rowBytes;
  }
  return loss / n;
}
