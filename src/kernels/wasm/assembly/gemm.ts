// Blocked float32 matrix product C = op(A)·op(B) (+ C), GotoBLAS style.
// AssemblyScript, compiled by asc (see build.mjs), not tsc.
//
// All pointers are byte addresses into the module's memory; all matrices are row-major.
// op(A) is [m, k] (stored [k, m] when transA), op(B) is [k, n] (stored [n, k] when transB).
//
// Loop nest (one thread computes rows [m0, m1) of C):
//   for each k block (≤ KC_MAX deep, blocks split k evenly)
//     for each block of MC rows: pack A[rows, kblock] into 4-row panels (k-major)
//       for each 8-wide panel of packed B
//         for each 4-row panel of packed A: the 4×8 micro-kernel
// B is packed once per call for all k blocks (packB), so threads can share it.
// Transposes are handled only by packing, so one micro-kernel serves NN, TN, NT and TT.

import { madd, storeTransposed4 } from './simd';

/** Rows of the micro-tile. */
const MR: i32 = 4;
/** Columns of the micro-tile (two f32x4 vectors). */
const NR: i32 = 8;
/** Rows of A packed at once (an A block of MC × KC_MAX floats stays in L2). */
const MC: i32 = 64;
/** Deepest k block; k is split evenly into blocks no deeper than this. */
const KC_MAX: i32 = 256;
/**
 * With n at most this, 4-row panels of A are read in place instead of being packed: packing costs
 * about as much as the product then (measured best up to n = 64 here, NN and TN alike).
 */
const DIRECT_A_MAX_N: i32 = 64;

/** Bytes of per-thread workspace gemmRows needs: one packed A block and a 4×8 edge tile. */
export function gemmWorkBytes(): i32 {
  return MC * KC_MAX * 4 + MR * NR * 4;
}

/** Bytes packB writes for a k × n operand (k rows of n rounded up to whole 8-wide panels). */
export function packedBBytes(k: i32, n: i32): i32 {
  return k * panelCount(n) * NR * 4;
}

// @ts-ignore: decorator
@inline function panelCount(n: i32): i32 {
  return (n + NR - 1) / NR;
}

/** Depth of every k block but the last (which may be shallower). */
// @ts-ignore: decorator
@inline function kBlockDepth(k: i32): i32 {
  const blocks = (k + KC_MAX - 1) / KC_MAX;
  return (k + blocks - 1) / blocks;
}

/**
 * Packs op(B) ([k, n]) for gemmRows: for each k block of depth kc starting at row p0, at
 * dst + p0·panels·32, its 8-wide panels one after another, each kc rows of 8 floats, zero-padded
 * past column n. ldb is the row stride of B as stored (n, or k when transB).
 */
export function packB(b: usize, transB: bool, k: i32, n: i32, ldb: i32, dst: usize): void {
  if (k <= 0 || n <= 0) return;
  const kcBase = kBlockDepth(k);
  const panels = panelCount(n);
  for (let p0 = 0; p0 < k; p0 += kcBase) {
    const kc = min(kcBase, k - p0);
    const block = dst + <usize>(p0 * panels * NR) * 4;
    for (let jp = 0; jp < panels; jp++) {
      const panel = block + <usize>(jp * kc * NR) * 4;
      const j0 = jp * NR;
      const cols = min(NR, n - j0);
      if (transB) packBPanelT(b, ldb, p0, kc, j0, cols, panel);
      else packBPanelN(b, ldb, p0, kc, j0, cols, panel);
    }
  }
}

/** One panel of B stored [k, n]: rows p0..p0+kc, columns j0..j0+cols, as kc rows of 8. */
function packBPanelN(b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, cols: i32, dst: usize): void {
  let src = b + <usize>(p0 * ldb + j0) * 4;
  const stride = <usize>ldb * 4;
  if (cols == NR) {
    for (let p = 0; p < kc; p++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      src += stride;
      dst += 32;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    for (let j = 0; j < NR; j++) {
      store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(src + (<usize>j << 2)) : 0);
    }
    src += stride;
    dst += 32;
  }
}

/** One panel of B stored [n, k] (so op(B)[p, j] = B[j, p]): a transpose in 4×4 blocks. */
function packBPanelT(b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, cols: i32, dst: usize): void {
  const rowBytes = <usize>ldb * 4;
  for (let half = 0; half < NR; half += 4) {
    // The 4 stored rows (output columns) j0+half .. j0+half+3; those past n pack as zeros.
    const valid = min(4, cols - half);
    const r0 = b + <usize>((j0 + half) * ldb + p0) * 4;
    const out = dst + <usize>half * 4;
    let p = 0;
    if (valid == 4) {
      for (; p + 4 <= kc; p += 4) {
        const q = <usize>p * 4;
        storeTransposed4(
          v128.load(r0 + q),
          v128.load(r0 + rowBytes + q),
          v128.load(r0 + 2 * rowBytes + q),
          v128.load(r0 + 3 * rowBytes + q),
          out + <usize>p * 32,
          32,
        );
      }
    }
    for (; p < kc; p++) {
      const o = out + <usize>p * 32;
      for (let c = 0; c < 4; c++) {
        store<f32>(o + (<usize>c << 2), c < valid ? load<f32>(r0 + <usize>c * rowBytes + (<usize>p << 2)) : 0);
      }
    }
  }
}

/**
 * Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into 4-row panels at dst: panel ip holds rows
 * i0+4·ip .. +3 as kc groups of 4 floats (k-major), rows past i0+mc zero.
 * lda is the row stride of A as stored (k, or m when transA).
 */
function packA(a: usize, transA: bool, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  if (transA) {
    packABlockT(a, lda, i0, mc, p0, kc, dst);
    return;
  }
  for (let ip = 0; ip * MR < mc; ip++) {
    packAPanelN(a, lda, i0 + ip * MR, min(MR, mc - ip * MR), p0, kc, dst + <usize>(ip * kc * MR) * 4);
  }
}

/**
 * A block of A stored [k, m]: each k step's 4 values per panel are already contiguous. Goes 4 k
 * steps at a time across all panels, so each stored row is read once, in order, and each panel
 * gets 64 contiguous bytes per step (strided row-by-row reads would thrash L1 when m·4 is a
 * multiple of 4 KiB).
 */
function packABlockT(a: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const full = mc / MR;
  const stride = <usize>lda * 4;
  const panelBytes = <usize>(kc * MR) * 4;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    let src = a + <usize>((p0 + p) * lda + i0) * 4;
    let d = dst + <usize>p * 16;
    for (let ip = 0; ip < full; ip++) {
      v128.store(d, v128.load(src));
      v128.store(d, v128.load(src + stride), 16);
      v128.store(d, v128.load(src + 2 * stride), 32);
      v128.store(d, v128.load(src + 3 * stride), 48);
      src += 16;
      d += panelBytes;
    }
  }
  for (; p < kc; p++) {
    let src = a + <usize>((p0 + p) * lda + i0) * 4;
    let d = dst + <usize>p * 16;
    for (let ip = 0; ip < full; ip++) {
      v128.store(d, v128.load(src));
      src += 16;
      d += panelBytes;
    }
  }
  if (full * MR < mc) {
    packAPanelT(a, lda, i0 + full * MR, mc - full * MR, p0, kc, dst + <usize>full * panelBytes);
  }
}

/** One 4-row panel of A stored [m, k]: a transpose in 4×4 blocks. */
function packAPanelN(a: usize, lda: i32, i: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  const rowBytes = <usize>lda * 4;
  const r0 = a + <usize>(i * lda + p0) * 4;
  let p = 0;
  if (rows == MR) {
    for (; p + 4 <= kc; p += 4) {
      const q = <usize>p * 4;
      storeTransposed4(
        v128.load(r0 + q),
        v128.load(r0 + rowBytes + q),
        v128.load(r0 + 2 * rowBytes + q),
        v128.load(r0 + 3 * rowBytes + q),
        dst + <usize>p * 16,
        16,
      );
    }
  }
  for (; p < kc; p++) {
    const o = dst + <usize>p * 16;
    for (let r = 0; r < MR; r++) {
      store<f32>(o + (<usize>r << 2), r < rows ? load<f32>(r0 + <usize>r * rowBytes + (<usize>p << 2)) : 0);
    }
  }
}

/** One 4-row panel of A stored [k, m]: the 4 values of each k step are already contiguous. */
function packAPanelT(a: usize, lda: i32, i: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  let src = a + <usize>(p0 * lda + i) * 4;
  const stride = <usize>lda * 4;
  if (rows == MR) {
    for (let p = 0; p < kc; p++) {
      v128.store(dst, v128.load(src));
      src += stride;
      dst += 16;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    for (let r = 0; r < MR; r++) {
      store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
    }
    src += stride;
    dst += 16;
  }
}

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
 */
function kernelPacked(
  kc: i32, a: usize, b: usize, c: usize, ldc: usize, rows: i32, cols: i32, overwrite: bool, tmp: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let ar = v128.load32_splat(a);
    c00 = madd(ar, b0, c00);
    c01 = madd(ar, b1, c01);
    ar = v128.load32_splat(a, 4);
    c10 = madd(ar, b0, c10);
    c11 = madd(ar, b1, c11);
    ar = v128.load32_splat(a, 8);
    c20 = madd(ar, b0, c20);
    c21 = madd(ar, b1, c21);
    ar = v128.load32_splat(a, 12);
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
function kernelStrided(
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

/**
 * Rows [m0, m1) of C ([m, n], row stride n) = op(A)·op(B) (+ C when accumulate), with B already
 * packed by packB at pb. lda is A's stored row stride. work: gemmWorkBytes() bytes of this
 * thread's own scratch. Threads given disjoint row ranges may run this at once on one packed B.
 */
export function gemmRows(
  m0: i32, m1: i32, n: i32, k: i32, a: usize, transA: bool, lda: i32, pb: usize, c: usize, accumulate: bool, work: usize,
): void {
  if (m1 <= m0 || n <= 0) return;
  const tmp = work + <usize>(MC * KC_MAX) * 4;
  const ldc = <usize>n * 4;
  if (k <= 0) {
    if (!accumulate) memory.fill(c + <usize>m0 * ldc, 0, <usize>(m1 - m0) * ldc);
    return;
  }
  const panels = panelCount(n);
  const kcBase = kBlockDepth(k);
  const direct = n <= DIRECT_A_MAX_N;
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
            for (let jp = 0; jp < panels; jp++) {
              const cols = min(NR, n - jp * NR);
              kernelStrided(kc, aPanel, rs, ks, bBlock + <usize>(jp * kc * NR) * 4, cRow + <usize>(jp * NR) * 4, ldc, cols, overwrite, tmp);
            }
          } else {
            packA(a, transA, lda, i, rows, p0, kc, work);
            for (let jp = 0; jp < panels; jp++) {
              const cols = min(NR, n - jp * NR);
              kernelPacked(kc, work, bBlock + <usize>(jp * kc * NR) * 4, cRow + <usize>(jp * NR) * 4, ldc, rows, cols, overwrite, tmp);
            }
          }
        }
        continue;
      }
      packA(a, transA, lda, i0, mc, p0, kc, work);
      for (let jp = 0; jp < panels; jp++) {
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
