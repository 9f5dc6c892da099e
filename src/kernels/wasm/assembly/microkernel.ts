// The 4×8 float32 micro-kernels of the GEMM and the write-back of their tile.
// AssemblyScript (asc), not tsc. Pointers are byte addresses.

import { MR, NR } from './blocking';
import { madd } from './simd';

/**
 * Writes a 4×8 tile of accumulators to C at c (row stride ldc bytes): overwrites or adds,
 * and for an edge tile (rows < 4 or cols < 8) goes through tmp so only the valid part is touched.
 */
// @ts-ignore: decorator
@inline function writeTile(
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128,
  c: usize, ldc: usize, rows: i32, cols: i32, overwrite: bool, tmp: usize,
): void {
  if (rows == MR && cols == NR) {
    if (overwrite) {
      v128.store(c, c00);
      v128.store(c, c01, 16);
      v128.store(c + ldc, c10);
      v128.store(c + ldc, c11, 16);
      v128.store(c + 2 * ldc, c20);
      v128.store(c + 2 * ldc, c21, 16);
      v128.store(c + 3 * ldc, c30);
      v128.store(c + 3 * ldc, c31, 16);
    } else {
      v128.store(c, f32x4.add(v128.load(c), c00));
      v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
      v128.store(c + ldc, f32x4.add(v128.load(c + ldc), c10));
      v128.store(c + ldc, f32x4.add(v128.load(c + ldc, 16), c11), 16);
      v128.store(c + 2 * ldc, f32x4.add(v128.load(c + 2 * ldc), c20));
      v128.store(c + 2 * ldc, f32x4.add(v128.load(c + 2 * ldc, 16), c21), 16);
      v128.store(c + 3 * ldc, f32x4.add(v128.load(c + 3 * ldc), c30));
      v128.store(c + 3 * ldc, f32x4.add(v128.load(c + 3 * ldc, 16), c31), 16);
    }
    return;
  }
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  for (let r = 0; r < rows; r++) {
    const cr = c + <usize>r * ldc;
    const tr = tmp + <usize>(r * NR) * 4;
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(tr + o);
      store<f32>(cr + o, overwrite ? v : load<f32>(cr + o) + v);
    }
  }
}

/**
 * The 4×8 micro-kernel on a packed A panel (kc groups of 4) and a packed B panel (kc groups of 8):
 * 8 f32x4 accumulators, 2 B vectors and one A broadcast at a time fit V8's vector registers.
 * A step's 4 A values come in one load and are broadcast by shuffles: four load32_splat at offsets
 * 0/4/8/12 cost V8 an address computation each inside the loop (measured 47 → 51 GFLOP/s on one thread).
 * One k step an iteration: unrolled, V8 schedules all of an iteration's loads first and spills
 * accumulators (measured 26 GFLOP/s).
 */
export function kernelPacked(
  kc: i32, a: usize, b: usize, c: usize, ldc: usize, rows: i32, cols: i32, overwrite: bool, tmp: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const av = v128.load(a);
    let ar = i32x4.shuffle(av, av, 0, 0, 0, 0);
    c00 = madd(ar, b0, c00);
    c01 = madd(ar, b1, c01);
    ar = i32x4.shuffle(av, av, 1, 1, 1, 1);
    c10 = madd(ar, b0, c10);
    c11 = madd(ar, b1, c11);
    ar = i32x4.shuffle(av, av, 2, 2, 2, 2);
    c20 = madd(ar, b0, c20);
    c21 = madd(ar, b1, c21);
    ar = i32x4.shuffle(av, av, 3, 3, 3, 3);
    c30 = madd(ar, b0, c30);
    c31 = madd(ar, b1, c31);
    a += 16;
    b += 32;
  }
  writeTile(c00, c01, c10, c11, c20, c21, c30, c31, c, ldc, rows, cols, overwrite, tmp);
}

/**
 * The same micro-kernel reading 4 full rows of A in place: element (r, p) at a + r·rs + p·ks bytes.
 * Used when n is small, where packing A would cost as much as the product itself.
 */
export function kernelStrided(
  kc: i32, a: usize, rs: usize, ks: usize, b: usize, c: usize, ldc: usize, cols: i32, overwrite: bool, tmp: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a0 = a;
  let a1 = a + rs;
  let a2 = a + 2 * rs;
  let a3 = a + 3 * rs;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let ar = v128.load32_splat(a0);
    c00 = madd(ar, b0, c00);
    c01 = madd(ar, b1, c01);
    ar = v128.load32_splat(a1);
    c10 = madd(ar, b0, c10);
    c11 = madd(ar, b1, c11);
    ar = v128.load32_splat(a2);
    c20 = madd(ar, b0, c20);
    c21 = madd(ar, b1, c21);
    ar = v128.load32_splat(a3);
    c30 = madd(ar, b0, c30);
    c31 = madd(ar, b1, c31);
    a0 += ks;
    a1 += ks;
    a2 += ks;
    a3 += ks;
    b += 32;
  }
  writeTile(c00, c01, c10, c11, c20, c21, c30, c31, c, ldc, MR, cols, overwrite, tmp);
}
