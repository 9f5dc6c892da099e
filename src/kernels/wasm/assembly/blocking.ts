// Blocking constants of the float32 GEMM and the shapes they give. AssemblyScript (asc), not tsc.

/** Rows of the micro-tile. */
export const MR: i32 = 4;
/** Columns of the micro-tile (two f32x4 vectors). */
export const NR: i32 = 8;
/** Rows of A packed at once (an A block of MC × KC_MAX floats stays in L2). */
export const MC: i32 = 64;
/** Deepest k block; k is split evenly into blocks no deeper than this. */
export const KC_MAX: i32 = 256;
/**
 * With n at most this, 4-row panels of A stored [m, k] are read in place instead of being packed: packing
 * costs about as much as it saves then (measured: as fast or faster up to n = 128 here, 1 and 2 threads;
 * the book network's 100 hidden units and the CNN's dense 128 gain 2–4% on 2 threads).
 */
export const DIRECT_A_MAX_N: i32 = 128;
/** The same for A stored [k, m] (a transposed operand), whose packing pays sooner (see multiplyRows). */
export const DIRECT_A_MAX_N_TRANSPOSED: i32 = 32;

/** Number of 8-wide panels that n columns take. */
// @ts-ignore: decorator
@inline export function panelCount(n: i32): i32 {
  return (n + NR - 1) / NR;
}

/** Depth of every k block but the last (which may be shallower). */
// @ts-ignore: decorator
@inline export function kBlockDepth(k: i32): i32 {
  const blocks = (k + KC_MAX - 1) / KC_MAX;
  return (k + blocks - 1) / blocks;
}
