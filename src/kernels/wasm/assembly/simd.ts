// Small SIMD helpers shared by the kernels. AssemblyScript, compiled by asc, not tsc.

/**
 * acc + a·b on four f32 lanes. The relaxed build (asc --enable relaxed-simd) uses the fused
 * f32x4.relaxed_madd; the plain build multiplies and adds (two roundings).
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, acc);
  } else {
    return f32x4.add(f32x4.mul(a, b), acc);
  }
}

/**
 * Transposes the 4×4 block whose rows are r0..r3 and stores its rows (the columns of the input)
 * at dst, dst + stride, dst + 2·stride, dst + 3·stride (bytes).
 */
// @ts-ignore: decorator
@inline export function storeTransposed4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); // r0[2] r1[2] r0[3] r1[3]
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i64x2.shuffle(t0, t2, 0, 2));
  v128.store(dst + stride, i64x2.shuffle(t0, t2, 1, 3));
  v128.store(dst + 2 * stride, i64x2.shuffle(t1, t3, 0, 2));
  v128.store(dst + 3 * stride, i64x2.shuffle(t1, t3, 1, 3));
}
