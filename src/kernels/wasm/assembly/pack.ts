// Packing for the float32 GEMM: op(A) and op(B) copied into the panels the micro-kernel reads.
// Transposes are handled here only. AssemblyScript (asc), not tsc. Pointers are byte addresses.

import { kBlockDepth, MR, NR, panelCount } from './blocking';
import { storeTransposed4 } from './simd';

/**
 * Packs op(B) ([k, n]) for gemmRows: for each k block of depth kc starting at row p0, at
 * dst + p0·panels·32, its 8-wide panels one after another, each kc rows of 8 floats, zero-padded
 * past column n. ldb is the row stride of B as stored (n, or k when transB).
 */
export function packB(b: usize, transB: bool, k: i32, n: i32, ldb: i32, dst: usize): void {
  packBPanels(b, transB, k, n, ldb, dst, 0, panelCount(n));
}

/** packB for the 8-wide panels [jp0, jp1) only (in every k block): threads may pack disjoint ranges at once. */
export function packBPanels(b: usize, transB: bool, k: i32, n: i32, ldb: i32, dst: usize, jp0: i32, jp1: i32): void {
  if (k <= 0 || n <= 0) return;
  const kcBase = kBlockDepth(k);
  const panels = panelCount(n);
  for (let p0 = 0; p0 < k; p0 += kcBase) {
    const kc = min(kcBase, k - p0);
    const block = dst + <usize>(p0 * panels * NR) * 4;
    for (let jp = jp0; jp < jp1; jp++) {
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
export function packA(a: usize, transA: bool, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
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
