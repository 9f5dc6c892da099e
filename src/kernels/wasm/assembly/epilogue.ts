// What a product's rows go through before they leave the cache: a bias per column, then an activation.
// AssemblyScript (asc), not tsc. Pointers are byte addresses. The arithmetic is that of addRowVector and
// the sigmoid and relu kernels, element for element, so a fused product gives the same bits as the product
// followed by those kernels.

import { sigmoid4 } from './elementwise';

/** Activations an epilogue applies; the numbers must match EPILOGUE_ACTIVATION in ../backend.ts. */
export const ACTIVATION_NONE: i32 = 0;
export const ACTIVATION_SIGMOID: i32 = 1;
export const ACTIVATION_RELU: i32 = 2;

// @ts-ignore: decorator
@inline function activate(v: v128, activation: i32): v128 {
  if (activation == ACTIVATION_SIGMOID) return sigmoid4(v);
  if (activation == ACTIVATION_RELU) return v128.and(v, f32x4.gt(v, f32x4.splat(0)));
  return v;
}

/**
 * c[i, j] = activation(c[i, j] + bias[j]) for rows [m0, m1) and columns [j0, j1) of c (row stride ldc bytes);
 * bias 0 adds nothing.
 */
export function rowEpilogue(c: usize, ldc: usize, m0: i32, m1: i32, j0: i32, j1: i32, bias: usize, activation: i32): void {
  const vecEnd = j0 + ((j1 - j0) & ~3);
  for (let i = m0; i < m1; i++) {
    const row = c + <usize>i * ldc;
    let j = j0;
    for (; j < vecEnd; j += 4) {
      const at = row + (<usize>j << 2);
      let v = v128.load(at);
      if (bias != 0) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
      v128.store(at, activate(v, activation));
    }
    for (; j < j1; j++) {
      const at = row + (<usize>j << 2);
      let x = load<f32>(at);
      if (bias != 0) x += load<f32>(bias + (<usize>j << 2));
      store<f32>(at, f32x4.extract_lane(activate(f32x4.splat(x), activation), 0));
    }
  }
}
