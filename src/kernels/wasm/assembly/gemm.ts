// Blocked float32 matrix product C = op(A)·op(B) (+ C), GotoBLAS style.
// AssemblyScript, compiled by asc (see build.mjs), not tsc.
//
// All pointers are byte addresses into the module's memory; all matrices are row-major.
// op(A) is [m, k] (stored [k, m] when transA), op(B) is [k, n] (stored [n, k] when transB).
//
// Loop nest (one thread computes rows [m0, m1) of C, in the 8-wide column panels [jp0, jp1)):
//   for each k block (≤ KC_MAX deep, blocks split k evenly)
//     for each block of MC rows: pack A[rows, kblock] into 4-row panels (k-major)
//       for each 8-wide panel of packed B
//         for each 4-row panel of packed A: the 4×8 micro-kernel
// B is packed once per call for all k blocks (packB), so threads can share it.
// Transposes are handled only by packing, so one micro-kernel serves NN, TN, NT and TT.

import { DIRECT_A_MAX_N, DIRECT_A_MAX_N_TRANSPOSED, kBlockDepth, KC_MAX, MC, MR, NR, panelCount } from './blocking';
import { kernelPacked, kernelStrided } from './microkernel';
import { packA } from './pack';
import { rowEpilogue } from './epilogue';

/** Bytes of per-thread workspace gemmRows needs: one packed A block and a 4×8 edge tile. */
export function gemmWorkBytes(): i32 {
  return MC * KC_MAX * 4 + MR * NR * 4;
}

/** Bytes packB writes for a k × n operand (k rows of n rounded up to whole 8-wide panels). */
export function packedBBytes(k: i32, n: i32): i32 {
  return k * panelCount(n) * NR * 4;
}

/**
 * Rows [m0, m1) and 8-wide column panels [jp0, jp1) of C ([m, n], row stride n) = op(A)·op(B) (+ C when
 * accumulate), with B already packed by packB at pb, then each of those elements through rowEpilogue
 * (bias 0 and activation 0: none). lda is A's stored row stride. work: gemmWorkBytes() bytes of this
 * thread's own scratch. Threads given disjoint blocks of C may run this at once on one
 * packed B. Every element of C gets the same operations in the same order whatever the block.
 */
export function gemmRows(
  m0: i32, m1: i32, jp0: i32, jp1: i32, n: i32, k: i32, a: usize, transA: bool, lda: i32, pb: usize, c: usize,
  accumulate: bool, work: usize, bias: usize = 0, activation: i32 = 0,
): void {
  if (m1 <= m0 || n <= 0 || jp1 <= jp0) return;
  multiplyRows(m0, m1, jp0, jp1, n, k, a, transA, lda, pb, c, accumulate, work);
  if (bias != 0 || activation != 0) rowEpilogue(c, <usize>n * 4, m0, m1, jp0 * NR, min(n, jp1 * NR), bias, activation);
}

/** gemmRows without the epilogue. */
function multiplyRows(
  m0: i32, m1: i32, jp0: i32, jp1: i32, n: i32, k: i32, a: usize, transA: bool, lda: i32, pb: usize, c: usize,
  accumulate: bool, work: usize,
): void {
  const tmp = work + <usize>(MC * KC_MAX) * 4;
  const ldc = <usize>n * 4;
  const panels = panelCount(n);
  if (k <= 0) {
    if (!accumulate) {
      const j0 = jp0 * NR;
      const bytes = <usize>(min(n, jp1 * NR) - j0) * 4;
      for (let i = m0; i < m1; i++) memory.fill(c + <usize>i * ldc + <usize>j0 * 4, 0, bytes);
    }
    return;
  }
  const kcBase = kBlockDepth(k);
  // A stored [k, m] is read in place only for the narrowest products: packing it pays from a few panels
  // on (the packed kernel reads a panel's 4 values with one load; measured 44 → 48 GFLOP/s on the
  // 785·256·100 weight gradient, while the 100·256·10 one is 19 µs in place against 24 packed).
  const width = min(n, jp1 * NR) - jp0 * NR;
  const direct = width <= (transA ? DIRECT_A_MAX_N_TRANSPOSED : DIRECT_A_MAX_N);
  // Byte strides of A between consecutive rows (rs) and consecutive k steps (ks) of op(A).
  const rs: usize = transA ? 4 : <usize>lda * 4;
  const ks: usize = transA ? <usize>lda * 4 : 4;
  for (let p0 = 0; p0 < k; p0 += kcBase) {
    const kc = min(kcBase, k - p0);
    const overwrite = !accumulate && p0 == 0;
    const bBlock = pb + <usize>(p0 * panels * NR) * 4;
    for (let i0 = m0; i0 < m1; i0 += MC) {
      const mc = min(MC, m1 - i0);
      if (direct) {
        for (let i = i0; i < i0 + mc; i += MR) {
          const rows = min(MR, i0 + mc - i);
          const cRow = c + <usize>i * ldc;
          if (rows == MR) {
            const aPanel = a + <usize>i * rs + <usize>p0 * ks;
            for (let jp = jp0; jp < jp1; jp++) {
              const cols = min(NR, n - jp * NR);
              kernelStrided(kc, aPanel, rs, ks, bBlock + <usize>(jp * kc * NR) * 4, cRow + <usize>(jp * NR) * 4, ldc, cols, overwrite, tmp);
            }
          } else {
            packA(a, transA, lda, i, rows, p0, kc, work);
            for (let jp = jp0; jp < jp1; jp++) {
              const cols = min(NR, n - jp * NR);
              kernelPacked(kc, work, bBlock + <usize>(jp * kc * NR) * 4, cRow + <usize>(jp * NR) * 4, ldc, rows, cols, overwrite, tmp);
            }
          }
        }
        continue;
      }
      packA(a, transA, lda, i0, mc, p0, kc, work);
      for (let jp = jp0; jp < jp1; jp++) {
        const cols = min(NR, n - jp * NR);
        const bPanel = bBlock + <usize>(jp * kc * NR) * 4;
        const cCol = c + <usize>(jp * NR) * 4;
        for (let ir = 0; ir < mc; ir += MR) {
          const rows = min(MR, mc - ir);
          kernelPacked(kc, work + <usize>(ir * kc) * 4, bPanel, cCol + <usize>(i0 + ir) * ldc, ldc, rows, cols, overwrite, tmp);
        }
      }
    }
  }
}
