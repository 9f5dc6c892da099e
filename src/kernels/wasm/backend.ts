import type { AdamHyper, ColumnScale, ConvGeometry, FloatArray, GemmEpilogue, GemmSpec, Kernels } from '../types.js';
import { jsKernels } from '../js/index.js';
import type { WasmArena } from './arena.js';
import { RANGE, type RangeKind, type RangeRunner } from './ranges.js';

/** The functions the compiled module exports (see assembly/index.ts). Pointers are byte addresses. */
export interface KernelExports {
  heapBase(): number;
  gemmWorkBytes(): number;
  packedBBytes(k: number, n: number): number;
  packB(b: number, transB: number, k: number, n: number, ldb: number, dst: number): void;
  /** Items [i0, i1) of the call of `kind` (RANGE in ranges.ts) whose arguments are at args. */
  runRange(kind: number, args: number, i0: number, i1: number, work: number): void;
  sumRows(x: number, rows: number, cols: number, out: number): void;
  softmaxRows(x: number, rows: number, cols: number, out: number): void;
  softmaxCrossEntropy(z: number, t: number, rows: number, cols: number, grad: number): number;
  columnMoments(x: number, rows: number, cols: number, mean: number, variance: number, work: number): void;
  columnDots(a: number, b: number, rows: number, cols: number, sumA: number, sumAB: number, work: number): void;
}

/** The WebAssembly SIMD kernels, with the arena whose arrays they use in place. */
export interface WasmKernels extends Kernels {
  readonly name: 'wasm-simd' | 'wasm-relaxed';
  /** Where to allocate float32 arrays that the kernels then read and write without copies. */
  readonly arena: WasmArena;
  /** A long-lived zeroed array in the arena (see WasmArena.longLivedFloat32); undefined when it is full. */
  allocateBuffer(length: number): Float32Array | undefined;
  /** A long-lived byte array in the arena (see WasmArena.longLivedBytes); undefined when it is full. */
  allocateBytes(length: number): Uint8Array | undefined;
  /** Frees an array from allocateBuffer now (see WasmArena.free). */
  freeBuffer(array: Float32Array): void;
  /** Stops the helper thread, if any; gemm runs on one thread from then on. */
  dispose(): void;
}

/** Products smaller than this many flops (2·m·n·k) stay on one thread: handing off costs more. */
const SPLIT_MIN_FLOPS = 1e6;
/** B operands of at least this many floats are packed by both threads (of a shared product). */
const PACK_SPLIT_MIN_FLOATS = 32768;
/** Row blocks handed to threads are multiples of the micro-tile's 4 rows. */
const SPLIT_ROWS = 4;
/** Products with at least this many rows are shared by rows, in blocks of at most MAX_SPLIT_BLOCKS. */
const ROW_SPLIT_MIN_M = 128;
const MAX_SPLIT_BLOCKS = 16;
/**
 * Row blocks are at least this tall (the GEMM's MC) where m allows 4 of them: each block streams all of
 * packed B, so thin blocks of a short, wide product would read B again and again from beyond L2.
 */
const MIN_BLOCK_ROWS = 64;
/**
 * Where packed B is at most this many bytes (it stays in L2), row blocks may be as thin as
 * MIN_BLOCK_ROWS_SMALL_B: rereading it costs about 3 %, and with 16 blocks instead of 4 a thread slowed by
 * other work on its core (common on this shared machine) holds the product up by a sixteenth of it, not a quarter.
 */
const SMALL_B_BYTES = 512 * 1024;
const MIN_BLOCK_ROWS_SMALL_B = 16;
/** Shorter products with at least this many 8-wide column panels are shared by columns, in two halves. */
const COLUMN_SPLIT_MIN_PANELS = 4;
/**
 * Products at least this deep, and K_HALVES_DEPTH_RATIO times deeper than tall and wide, are computed as
 * two half-depth products added together, one per thread (a convolution's weight gradient: a few rows, a
 * few columns, tens of thousands of positions). Shared by rows or columns instead, each thread would stream
 * all of that depth for a sliver of C. On one thread too, so the bits do not depend on the thread count.
 */
const K_HALVES_MIN_K = 2048;
const K_HALVES_DEPTH_RATIO = 8;
/** An epilogue's activation as the module numbers it (assembly/epilogue.ts). */
const EPILOGUE_ACTIVATION = { none: 0, sigmoid: 1, relu: 2 } as const;

/**
 * A prefetch is cut into about this many blocks, so that when it is still running as the next shared call
 * begins, this thread takes the blocks the helper has not started instead of waiting for all of them.
 */
const SPLIT_BLOCKS_BACKGROUND = 8;
/** Scratch bytes gatherBytes uses at most per chunk of rows (for 784 columns, 267 rows). */
const GATHER_CHUNK_BYTES = 1 << 20;

/** The largest multiple of `unit` that divides n and is at most `most` (n a multiple of unit). */
function largestDivisor(n: number, most: number, unit: number): number {
  for (let d = Math.floor(most / unit) * unit; d > unit; d -= unit) if (n % d === 0) return d;
  return unit;
}

function checkLength(kernel: string, name: string, x: FloatArray, needed: number): void {
  if (x.length < needed) throw new RangeError(`${kernel}: ${name} has ${x.length} elements, needs ${needed}`);
}

/** Whether every array is float32 (the kernels' type); anything else runs the portable loops. */
function all32(...arrays: FloatArray[]): boolean {
  return arrays.every((a) => a instanceof Float32Array);
}

/** x holds rows × cols values and each per-column vector cols. */
function checkMatrix(kernel: string, x: FloatArray, rows: number, cols: number, vectors: FloatArray[]): void {
  checkSize(kernel, 'rows', rows);
  checkSize(kernel, 'cols', cols);
  checkLength(kernel, 'x', x, rows * cols);
  for (const v of vectors) checkLength(kernel, 'a column vector', v, cols);
}

/**
 * Float counts of a convolution's image batch, im2col matrix and pooled output, or undefined when the
 * geometry is not whole non-negative numbers (kernel and stride ≥ 1) or its arrays would pass 2 GiB.
 */
function convSizes(g: ConvGeometry): { image: number; cols: number; pooled: number } | undefined {
  const { batch, height, width, channels, kernelSize, stride, padTop, padLeft, outHeight, outWidth } = g;
  for (const v of [batch, height, width, channels, kernelSize, stride, padTop, padLeft, outHeight, outWidth]) {
    if (!Number.isInteger(v) || v < 0) return undefined;
  }
  if (kernelSize < 1 || stride < 1) return undefined;
  const positions = batch * outHeight * outWidth;
  const sizes = { image: batch * height * width * channels, cols: positions * kernelSize * kernelSize * channels, pooled: positions * channels };
  return Math.max(sizes.image, sizes.cols) * 4 < 2 ** 31 ? sizes : undefined;
}

function checkSize(kernel: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${kernel}: ${name} = ${v} is not a size`);
}

/**
 * The Kernels over one instance of the module. Float32 arrays inside the arena's memory are used
 * in place (address = byteOffset); other float32 arrays are copied into the arena's free space for
 * the call, and outputs copied back. Float64 arrays run the portable loops.
 * `ranges` runs the kernels that threads can share: with a helper thread, it splits the bigger calls.
 */
export function createWasmKernels(
  exports: KernelExports, arena: WasmArena, ranges: RangeRunner, relaxed: boolean,
): WasmKernels {
  /**
   * Long-lived buffers of a prefetch's arguments (its row numbers, shift and factor), which must stay put while
   * the helper thread reads them; grown as needed.
   */
  let prefetchInts: Int32Array | undefined;
  /** The block prefetchInts views, kept: the arena frees a long-lived block once its array is collected. */
  let prefetchIntsBlock: Float32Array | undefined;
  let prefetchScale: Float32Array | undefined;

  /** The address of x's first `length` elements: x itself, or a scratch copy (filled when `copy`). */
  function place(array: FloatArray, length: number, copy: boolean): number {
    // Callers pass float32 arrays only (float64 work runs the portable loops).
    const x = array as Float32Array;
    if (arena.owns(x)) return x.byteOffset;
    const ptr = arena.allocBytes(length * 4);
    if (copy && length > 0) arena.heap().set(length === x.length ? x : x.subarray(0, length), ptr >> 2);
    return ptr;
  }

  /** Copies `length` results at ptr back to `out` when `out` lives outside the memory. */
  function finish(ptr: number, array: FloatArray, length: number): void {
    const out = array as Float32Array;
    if (arena.owns(out) || length === 0) return;
    const from = ptr >> 2;
    out.set(arena.heap().subarray(from, from + length));
  }

  /**
   * C = op(A)·B (+ C) from B packed by packB: on this thread, or shared with the helper thread by blocks
   * of rows (tall products) or by halves of the column panels (short, wide ones, where row blocks would
   * each stream all of B). Row blocks start at multiples of 4 and column blocks at whole panels, so every
   * micro-tile, and so every bit of C, is the same as on one thread.
   */
  function multiply(
    m: number, n: number, k: number, a: number, transA: boolean, packedB: number, c: number, accumulate: boolean,
    bias: number, activation: number,
  ): void {
    const args = [m, n, k, a, transA ? 1 : 0, transA ? m : k, packedB, c, accumulate ? 1 : 0, bias, activation];
    const panels = Math.ceil(n / 8);
    const shared = ranges.threads > 1 && 2 * m * n * k >= SPLIT_MIN_FLOPS;
    if (shared && m >= ROW_SPLIT_MIN_M) {
      const rows = (x: number): number => Math.ceil(x / SPLIT_ROWS) * SPLIT_ROWS;
      const minRows = k * panels * 32 <= SMALL_B_BYTES ? MIN_BLOCK_ROWS_SMALL_B : MIN_BLOCK_ROWS;
      const block = Math.max(rows(m / MAX_SPLIT_BLOCKS), Math.min(minRows, rows(m / 4)));
      // The last rows in blocks of a quarter of minRows, each a multiple of 4 that divides the block.
      ranges.run(RANGE.gemmRows, m, block, args, [], largestDivisor(block, Math.max(SPLIT_ROWS, minRows / 4), SPLIT_ROWS));
    } else if (shared && panels >= COLUMN_SPLIT_MIN_PANELS) {
      ranges.run(RANGE.gemmColumns, panels, Math.ceil(panels / 2), args);
    } else {
      ranges.run(RANGE.gemmRows, m, m, args);
    }
  }

  /**
   * packB, by halves of the panels on two threads where the product is shared anyway and B is big enough:
   * packing alone on this thread left the helper idle (the book network's 784 × 100 weights: ~15 µs hot,
   * 30 in training, where the other thread has just updated half of them).
   */
  function packB(b: number, transB: boolean, k: number, n: number, packed: number, flops: number): void {
    const panels = Math.ceil(n / 8);
    const t = transB ? 1 : 0;
    const ldb = transB ? k : n;
    if (ranges.threads > 1 && flops >= SPLIT_MIN_FLOPS && k * n >= PACK_SPLIT_MIN_FLOATS && panels >= 2) {
      ranges.run(RANGE.packB, panels, Math.ceil(panels / 2), [b, t, k, n, ldb, packed]);
    } else {
      exports.packB(b, t, k, n, ldb, packed);
    }
  }

  /** Whether a product is computed in two halves of its depth (see K_HALVES_MIN_K). Never depends on threads. */
  function halvesDepth(m: number, n: number, k: number): boolean {
    return k >= K_HALVES_MIN_K && k >= K_HALVES_DEPTH_RATIO * Math.max(m, n);
  }

  /**
   * C = op(A)·op(B) (+ C) as (C +) P₀ + P₁, the products over the first and the second half of the depth,
   * one per thread where there are two (one after the other otherwise), each packing its own half of B.
   */
  function multiplyInHalves(
    m: number, n: number, k: number, a: number, transA: boolean, b: number, transB: boolean, c: number, accumulate: boolean,
  ): void {
    const k0 = Math.ceil(k / 8) * 4;
    const k1 = k - k0;
    const lda = transA ? m : k;
    const ldb = transB ? k : n;
    const a1 = a + (transA ? k0 * m : k0) * 4;
    const b1 = b + (transB ? k0 : k0 * n) * 4;
    const pb0 = arena.allocBytes(exports.packedBBytes(k0, n));
    const pb1 = arena.allocBytes(exports.packedBBytes(k1, n));
    const c1 = arena.allocBytes(m * n * 4);
    const args = [m, n, transA ? 1 : 0, lda, accumulate ? 1 : 0, transB ? 1 : 0, ldb, a, b, pb0, c, k0, a1, b1, pb1, c1, k1];
    ranges.run(RANGE.gemmKHalves, 2, ranges.threads > 1 ? 1 : 2, args);
    ranges.run(RANGE.axpy, m * n, m * n, [c, c1, c], [1]);
  }

  /** C's rows through the epilogue (a product computed without it), shared by rows. */
  function epilogueRows(m: number, n: number, c: number, bias: number, activation: number): void {
    ranges.run(RANGE.rowEpilogue, m, ranges.blockFor(m, n), [c, n, bias, activation]);
  }

  return {
    name: relaxed ? 'wasm-relaxed' : 'wasm-simd',
    get threads(): number {
      return ranges.threads;
    },
    arena,

    dispose(): void {
      ranges.stop();
    },

    allocateBuffer(length: number): Float32Array | undefined {
      return arena.longLivedFloat32(length);
    },

    allocateBytes(length: number): Uint8Array | undefined {
      return arena.longLivedBytes(length);
    },

    freeBuffer(array: Float32Array): void {
      arena.free(array);
    },

    gemm(spec: GemmSpec, a: FloatArray, b: FloatArray, c: FloatArray, epilogue?: GemmEpilogue): void {
      const bias = epilogue?.bias;
      if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array && (bias === undefined || bias instanceof Float32Array))) {
        jsKernels.gemm(spec, a, b, c, epilogue);
        return;
      }
      const { m, n, k } = spec;
      checkSize('gemm', 'm', m);
      checkSize('gemm', 'n', n);
      checkSize('gemm', 'k', k);
      checkLength('gemm', 'a', a, m * k);
      checkLength('gemm', 'b', b, k * n);
      checkLength('gemm', 'c', c, m * n);
      if (bias) checkLength('gemm', 'bias', bias, n);
      const activation = EPILOGUE_ACTIVATION[epilogue?.activation ?? 'none'];
      if (activation === undefined) throw new RangeError(`gemm: unknown epilogue activation ${String(epilogue?.activation)}`);
      const transA = spec.transA ?? false;
      const transB = spec.transB ?? false;
      const accumulate = spec.accumulate ?? false;
      if (m === 0 || n === 0) return;
      scoped(() => {
        const pc = place(c, m * n, accumulate);
        const pbias = bias ? place(bias, n, true) : 0;
        if (k === 0) {
          if (!accumulate) arena.heap().fill(0, pc >> 2, (pc >> 2) + m * n);
          if (pbias !== 0 || activation !== 0) epilogueRows(m, n, pc, pbias, activation);
        } else if (halvesDepth(m, n, k)) {
          multiplyInHalves(m, n, k, place(a, m * k, true), transA, place(b, k * n, true), transB, pc, accumulate);
          if (pbias !== 0 || activation !== 0) epilogueRows(m, n, pc, pbias, activation);
        } else {
          const pa = place(a, m * k, true);
          const pb = place(b, k * n, true);
          const packed = arena.allocBytes(exports.packedBBytes(k, n));
          packB(pb, transB, k, n, packed, 2 * m * n * k);
          multiply(m, n, k, pa, transA, packed, pc, accumulate, pbias, activation);
        }
        finish(pc, c, m * n);
      });
    },

    addRowVector(x: FloatArray, bias: FloatArray, rows: number, cols: number, out: FloatArray): void {
      if (!(x instanceof Float32Array && bias instanceof Float32Array && out instanceof Float32Array)) {
        jsKernels.addRowVector(x, bias, rows, cols, out);
        return;
      }
      checkSize('addRowVector', 'rows', rows);
      checkSize('addRowVector', 'cols', cols);
      const size = rows * cols;
      checkLength('addRowVector', 'x', x, size);
      checkLength('addRowVector', 'bias', bias, cols);
      checkLength('addRowVector', 'out', out, size);
      scoped(() => {
        const px = place(x, size, true);
        const pbias = place(bias, cols, true);
        const po = out === x ? px : place(out, size, false);
        ranges.run(RANGE.addRowVector, rows, ranges.blockFor(rows, cols), [px, pbias, cols, po]);
        finish(po, out, size);
      });
    },

    sumRows(x: FloatArray, rows: number, cols: number, out: FloatArray): void {
      if (!(x instanceof Float32Array && out instanceof Float32Array)) {
        jsKernels.sumRows(x, rows, cols, out);
        return;
      }
      checkSize('sumRows', 'rows', rows);
      checkSize('sumRows', 'cols', cols);
      checkLength('sumRows', 'x', x, rows * cols);
      checkLength('sumRows', 'out', out, cols);
      scoped(() => {
        const px = place(x, rows * cols, true);
        const po = place(out, cols, false);
        exports.sumRows(px, rows, cols, po);
        finish(po, out, cols);
      });
    },

    sigmoid(x: FloatArray, out: FloatArray): void {
      if (!(x instanceof Float32Array && out instanceof Float32Array)) {
        jsKernels.sigmoid(x, out);
        return;
      }
      unary(x, out, 'sigmoid', RANGE.sigmoid);
    },

    relu(x: FloatArray, out: FloatArray): void {
      if (!(x instanceof Float32Array && out instanceof Float32Array)) {
        jsKernels.relu(x, out);
        return;
      }
      unary(x, out, 'relu', RANGE.relu);
    },

    softmaxRows(x: FloatArray, rows: number, cols: number, out: FloatArray): void {
      if (!(x instanceof Float32Array && out instanceof Float32Array)) {
        jsKernels.softmaxRows(x, rows, cols, out);
        return;
      }
      checkSize('softmaxRows', 'rows', rows);
      checkSize('softmaxRows', 'cols', cols);
      const size = rows * cols;
      checkLength('softmaxRows', 'x', x, size);
      checkLength('softmaxRows', 'out', out, size);
      scoped(() => {
        const px = place(x, size, true);
        const po = out === x ? px : place(out, size, false);
        exports.softmaxRows(px, rows, cols, po);
        finish(po, out, size);
      });
    },

    im2col(x: FloatArray, g: ConvGeometry, cols: FloatArray): void {
      const sizes = convSizes(g);
      if (!(x instanceof Float32Array && cols instanceof Float32Array) || !sizes || x.length < sizes.image || cols.length < sizes.cols) {
        jsKernels.im2col(x, g, cols);
        return;
      }
      unfold(RANGE.im2col, g, sizes.cols, x, sizes.image, cols, sizes.cols);
    },

    col2im(cols: FloatArray, g: ConvGeometry, dx: FloatArray): void {
      const sizes = convSizes(g);
      if (!(cols instanceof Float32Array && dx instanceof Float32Array) || !sizes || cols.length < sizes.cols || dx.length < sizes.image) {
        jsKernels.col2im(cols, g, dx);
        return;
      }
      unfold(RANGE.col2im, g, sizes.cols, cols, sizes.cols, dx, sizes.image);
    },

    maxPool(x: FloatArray, g: ConvGeometry, out: FloatArray, argmax: Int32Array): void {
      const sizes = convSizes(g);
      // Every window must lie in the image (the kernel reads without checks).
      const fits = sizes !== undefined && (sizes.pooled === 0 ||
        ((g.outHeight - 1) * g.stride + g.kernelSize <= g.height && (g.outWidth - 1) * g.stride + g.kernelSize <= g.width));
      if (!(x instanceof Float32Array && out instanceof Float32Array) || !sizes || !fits ||
        x.length < sizes.image || out.length < sizes.pooled || argmax.length < sizes.pooled) {
        jsKernels.maxPool(x, g, out, argmax);
        return;
      }
      scoped(() => {
        const px = place(x, sizes.image, true);
        const po = place(out, sizes.pooled, false);
        const pa = arena.owns(argmax) ? argmax.byteOffset : arena.allocBytes(sizes.pooled * 4);
        const args = [px, g.height, g.width, g.channels, g.kernelSize, g.stride, g.outHeight, g.outWidth, po, pa];
        ranges.run(RANGE.maxPool, g.batch, ranges.blockFor(g.batch, sizes.image / Math.max(1, g.batch)), args);
        finish(po, out, sizes.pooled);
        if (!arena.owns(argmax) && sizes.pooled > 0) argmax.set(arena.heapInt32().subarray(pa >> 2, (pa >> 2) + sizes.pooled));
      });
    },

    maxPoolBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray, images?: number): void {
      const n = dy.length;
      if (!(dy instanceof Float32Array && dx instanceof Float32Array) || argmax.length < n) {
        jsKernels.maxPoolBackward(dy, argmax, dx);
        return;
      }
      scoped(() => {
        const pdy = place(dy, n, true);
        let pa = argmax.byteOffset;
        if (!arena.owns(argmax)) {
          pa = arena.allocBytes(n * 4);
          arena.heapInt32().set(argmax.length === n ? argmax : argmax.subarray(0, n), pa >> 2);
        }
        const pdx = place(dx, dx.length, false);
        // Shared by images only when dy and dx split into `images` equal parts; otherwise one part.
        const parts = images !== undefined && images > 0 && n % images === 0 && dx.length % images === 0 ? images : 1;
        const dxPer = dx.length / parts;
        ranges.run(RANGE.maxPoolBackward, parts, ranges.blockFor(parts, dxPer), [pdy, pa, n / parts, pdx, dxPer]);
        finish(pdx, dx, dx.length);
      });
    },

    gatherBytes: gatherBytesAny,

    prefetchBytes,

    settle(): void {
      ranges.settle();
    },

    axpy(a: FloatArray, alpha: number, b: FloatArray, out: FloatArray): void {
      if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)) {
        jsKernels.axpy(a, alpha, b, out);
        return;
      }
      const size = a.length;
      checkLength('axpy', 'b', b, size);
      checkLength('axpy', 'out', out, size);
      scoped(() => {
        const pa = place(a, size, true);
        const pb = b === a ? pa : place(b, size, true);
        const po = out === a ? pa : out === b ? pb : place(out, size, false);
        ranges.run(RANGE.axpy, size, ranges.blockFor(size, 1, 4), [pa, pb, po], [alpha]);
        finish(po, out, size);
      });
    },

    sigmoidBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
      if (!all32(y, dy, dx)) {
        jsKernels.sigmoidBackward(y, dy, dx);
        return;
      }
      gradientMap(y, dy, dx, 'sigmoidBackward', 'y', RANGE.sigmoidBackward);
    },

    softmaxCrossEntropy(z: FloatArray, t: FloatArray, rows: number, cols: number, grad: FloatArray): number {
      if (!all32(z, t, grad)) return jsKernels.softmaxCrossEntropy(z, t, rows, cols, grad);
      checkSize('softmaxCrossEntropy', 'rows', rows);
      checkSize('softmaxCrossEntropy', 'cols', cols);
      const size = rows * cols;
      checkLength('softmaxCrossEntropy', 'z', z, size);
      checkLength('softmaxCrossEntropy', 't', t, size);
      checkLength('softmaxCrossEntropy', 'grad', grad, size);
      if (rows === 0) return NaN;
      let loss = 0;
      scoped(() => {
        const pz = place(z, size, true);
        const pt = place(t, size, true);
        const pg = place(grad, size, false);
        loss = exports.softmaxCrossEntropy(pz, pt, rows, cols, pg);
        finish(pg, grad, size);
      });
      return loss;
    },

    reluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray): void {
      if (!all32(x, dy, dx)) {
        jsKernels.reluBackward(x, dy, dx);
        return;
      }
      gradientMap(x, dy, dx, 'reluBackward', 'x', RANGE.reluBackward);
    },

    columnMoments(x: FloatArray, rows: number, cols: number, mean: FloatArray, variance: FloatArray): void {
      if (!all32(x, mean, variance)) {
        jsKernels.columnMoments(x, rows, cols, mean, variance);
        return;
      }
      checkMatrix('columnMoments', x, rows, cols, [mean, variance]);
      scoped(() => {
        const px = place(x, rows * cols, true);
        const pm = place(mean, cols, false);
        const pv = place(variance, cols, false);
        exports.columnMoments(px, rows, cols, pm, pv, arena.allocBytes(cols * 24));
        finish(pm, mean, cols);
        finish(pv, variance, cols);
      });
    },

    columnDots(a: FloatArray, b: FloatArray, rows: number, cols: number, sumA: FloatArray, sumAB: FloatArray): void {
      if (!all32(a, b, sumA, sumAB)) {
        jsKernels.columnDots(a, b, rows, cols, sumA, sumAB);
        return;
      }
      checkMatrix('columnDots', a, rows, cols, [sumA, sumAB]);
      checkLength('columnDots', 'b', b, rows * cols);
      scoped(() => {
        const pa = place(a, rows * cols, true);
        const pb = place(b, rows * cols, true);
        const ps = place(sumA, cols, false);
        const pp = place(sumAB, cols, false);
        exports.columnDots(pa, pb, rows, cols, ps, pp, arena.allocBytes(cols * 24));
        finish(ps, sumA, cols);
        finish(pp, sumAB, cols);
      });
    },

    columnAffine(
      x: FloatArray, rows: number, cols: number, center: FloatArray, scale: FloatArray, gain: FloatArray, bias: FloatArray,
      h: FloatArray | undefined, out: FloatArray,
    ): void {
      if (!all32(x, center, scale, gain, bias, out) || (h !== undefined && !(h instanceof Float32Array))) {
        jsKernels.columnAffine(x, rows, cols, center, scale, gain, bias, h, out);
        return;
      }
      const size = rows * cols;
      checkMatrix('columnAffine', x, rows, cols, [center, scale, gain, bias]);
      checkLength('columnAffine', 'out', out, size);
      if (h) checkLength('columnAffine', 'h', h, size);
      scoped(() => {
        const px = place(x, size, true);
        const vectors = [center, scale, gain, bias].map((v) => place(v, cols, true));
        const ph = h ? place(h, size, false) : 0;
        const po = out === x ? px : place(out, size, false);
        const args = [px, cols, vectors[0]!, vectors[1]!, vectors[2]!, vectors[3]!, ph, po];
        ranges.run(RANGE.columnAffine, rows, ranges.blockFor(rows, cols), args);
        if (h) finish(ph, h, size);
        finish(po, out, size);
      });
    },

    columnCombine(a: FloatArray, b: FloatArray, rows: number, cols: number, ka: FloatArray, kb: FloatArray, k: FloatArray, out: FloatArray): void {
      if (!all32(a, b, ka, kb, k, out)) {
        jsKernels.columnCombine(a, b, rows, cols, ka, kb, k, out);
        return;
      }
      const size = rows * cols;
      checkMatrix('columnCombine', a, rows, cols, [ka, kb, k]);
      checkLength('columnCombine', 'b', b, size);
      checkLength('columnCombine', 'out', out, size);
      scoped(() => {
        const pa = place(a, size, true);
        const pb = place(b, size, true);
        const vectors = [ka, kb, k].map((v) => place(v, cols, true));
        const po = out === a ? pa : out === b ? pb : place(out, size, false);
        ranges.run(RANGE.columnCombine, rows, ranges.blockFor(rows, cols), [pa, pb, cols, vectors[0]!, vectors[1]!, vectors[2]!, po]);
        finish(po, out, size);
      });
    },

    adamStep(w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, hyper: AdamHyper): void {
      if (!all32(w, g, m, v)) {
        jsKernels.adamStep(w, g, m, v, hyper);
        return;
      }
      const size = w.length;
      for (const [name, x] of [['g', g], ['m', m], ['v', v]] as const) checkLength('adamStep', name, x, size);
      scoped(() => {
        const pw = place(w, size, true);
        const pg = place(g, size, true);
        const pm = place(m, size, true);
        const pv = place(v, size, true);
        // Adam's float64 arithmetic costs about four float moves per parameter.
        ranges.run(RANGE.adamStep, size, ranges.blockFor(size, 4, 4), [pw, pg, pm, pv], [
          hyper.beta1, hyper.beta2, hyper.eta, hyper.c1, hyper.c2, hyper.epsilon,
        ]);
        finish(pw, w, size);
        finish(pm, m, size);
        finish(pv, v, size);
      });
    },
  };

  /** Runs fn with scratch copies that live for this call only. */
  function scoped(fn: () => void): void {
    const mark = arena.mark();
    try {
      fn();
    } finally {
      arena.release(mark);
    }
  }

  /**
   * gatherBytes left to the helper thread (ranges.runInBackground) when there is one and x and out both lie in
   * the memory; otherwise gatherBytes now.
   */
  function prefetchBytes(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void {
    ranges.settle();
    const rows = indices.length;
    const buffers = ranges.threads > 1 && out instanceof Float32Array && arena.owns(x) && arena.owns(out) && rows > 0 && cols > 0
      ? prefetchBuffers(rows, cols)
      : undefined;
    if (buffers === undefined) {
      gatherBytesAny(x, cols, indices, out, scale);
      return;
    }
    checkGather(x, cols, indices, out, scale);
    buffers.rows.set(indices);
    const shift = buffers.scale.subarray(0, cols);
    const factor = buffers.scale.subarray(cols, 2 * cols);
    if (scale === undefined) {
      shift.fill(0);
      factor.fill(1);
    } else {
      shift.set(scale.shift.length === cols ? scale.shift : scale.shift.subarray(0, cols));
      factor.set(scale.factor.length === cols ? scale.factor : scale.factor.subarray(0, cols));
    }
    ranges.runInBackground(RANGE.gatherBytes, rows, Math.max(4, Math.ceil(rows / SPLIT_BLOCKS_BACKGROUND)), [
      x.byteOffset, cols, buffers.rows.byteOffset, shift.byteOffset, factor.byteOffset, out.byteOffset,
    ]);
  }

  /** The checks of gatherBytes and prefetchBytes: sizes, and every index a row of x. */
  function checkGather(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void {
    checkSize('gatherBytes', 'cols', cols);
    const rows = indices.length;
    checkLength('gatherBytes', 'out', out, rows * cols);
    if (scale !== undefined) {
      checkLength('gatherBytes', 'scale.shift', scale.shift, cols);
      checkLength('gatherBytes', 'scale.factor', scale.factor, cols);
    }
    for (let r = 0; r < rows; r++) {
      const i = indices[r]!;
      // The kernel reads memory unchecked: a bad index must not reach it.
      if (!(Number.isInteger(i) && i >= 0 && (i + 1) * cols <= x.length)) {
        throw new RangeError(`gatherBytes: row ${i} is outside the ${Math.floor(x.length / Math.max(cols, 1))} rows of x`);
      }
    }
  }

  /** gatherBytes for any out: float64 runs the portable loops. */
  function gatherBytesAny(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scale?: ColumnScale): void {
    if (out instanceof Float32Array) gatherBytes(x, cols, indices, out, scale);
    else jsKernels.gatherBytes(x, cols, indices, out, scale);
  }

  /**
   * Rows of bytes to float32, standardized. Bytes in the memory are gathered in place by the kernel;
   * bytes outside it (a data set in a plain Uint8Array) are first copied row by row, a memcpy each, into
   * consecutive scratch rows, which the kernel then converts. Rows go in chunks of GATHER_CHUNK_BYTES of
   * scratch, so gathering a whole data set into an array outside the memory needs little of it.
   */
  function gatherBytes(x: Uint8Array, cols: number, indices: ArrayLike<number>, out: Float32Array, scale?: ColumnScale): void {
    checkGather(x, cols, indices, out, scale);
    const rows = indices.length;
    const size = rows * cols;
    if (size === 0) return;
    const xInside = arena.owns(x);
    const outInside = arena.owns(out);
    const chunk = Math.min(rows, Math.max(1, Math.floor(GATHER_CHUNK_BYTES / (5 * cols))));
    scoped(() => {
      const pShift = arena.allocBytes(cols * 4);
      const pFactor = arena.allocBytes(cols * 4);
      const pRows = xInside ? arena.allocBytes(chunk * 4) : arena.allocBytes(chunk * cols);
      const pOut = outInside ? out.byteOffset : arena.allocBytes(chunk * cols * 4);
      // The views after the last allocation (a grow gives a new buffer).
      const heap = arena.heap();
      if (scale === undefined) {
        heap.fill(0, pShift >> 2, (pShift >> 2) + cols);
        heap.fill(1, pFactor >> 2, (pFactor >> 2) + cols);
      } else {
        // Rounded to float32 here, as the portable loops round them.
        heap.set(scale.shift.length === cols ? scale.shift : scale.shift.subarray(0, cols), pShift >> 2);
        heap.set(scale.factor.length === cols ? scale.factor : scale.factor.subarray(0, cols), pFactor >> 2);
      }
      const bytes = arena.heapBytes();
      const int32 = arena.heapInt32();
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const n = Math.min(chunk, rows - r0);
        const dst = outInside ? pOut + r0 * cols * 4 : pOut;
        if (xInside) {
          for (let r = 0; r < n; r++) int32[(pRows >> 2) + r] = indices[r0 + r]!;
          ranges.run(RANGE.gatherBytes, n, ranges.blockFor(n, cols), [x.byteOffset, cols, pRows, pShift, pFactor, dst]);
        } else {
          for (let r = 0; r < n; r++) {
            const src = indices[r0 + r]! * cols;
            bytes.set(x.subarray(src, src + cols), pRows + r * cols);
          }
          ranges.run(RANGE.scaleBytes, n, ranges.blockFor(n, cols), [pRows, cols, pShift, pFactor, dst]);
        }
        if (!outInside) out.set(heap.subarray(dst >> 2, (dst >> 2) + n * cols), r0 * cols);
      }
    });
  }

  function prefetchBuffers(rows: number, cols: number): { rows: Int32Array; scale: Float32Array } | undefined {
    if (prefetchInts === undefined || prefetchInts.length < rows) {
      if (prefetchIntsBlock) arena.free(prefetchIntsBlock);
      prefetchIntsBlock = arena.longLivedFloat32(rows);
      prefetchInts = prefetchIntsBlock && new Int32Array(prefetchIntsBlock.buffer, prefetchIntsBlock.byteOffset, rows);
    }
    if (prefetchScale === undefined || prefetchScale.length < 2 * cols) {
      if (prefetchScale) arena.free(prefetchScale);
      prefetchScale = arena.longLivedFloat32(2 * cols);
    }
    return prefetchInts && prefetchScale ? { rows: prefetchInts, scale: prefetchScale } : undefined;
  }

  /**
   * An activation's gradient over dx.length elements: dx = dy ⊙ f′ read from v (the layer's input or output),
   * float32 arrays only (the caller checks); dx may be dy.
   */
  function gradientMap(v: FloatArray, dy: FloatArray, dx: FloatArray, kernel: string, name: string, kind: RangeKind): void {
    const size = dx.length;
    checkLength(kernel, name, v, size);
    checkLength(kernel, 'dy', dy, size);
    scoped(() => {
      const pv = place(v, size, true);
      const pdy = place(dy, size, true);
      const pdx = dx === dy ? pdy : place(dx, size, false);
      ranges.run(kind, size, ranges.blockFor(size, 1, 4), [pv, pdy, pdx]);
      finish(pdx, dx, size);
    });
  }

  /** An elementwise map over x.length elements into out (out may be x). */
  function unary(x: Float32Array, out: Float32Array, kernel: string, kind: RangeKind): void {
    const size = x.length;
    checkLength(kernel, 'out', out, size);
    scoped(() => {
      const px = place(x, size, true);
      const po = out === x ? px : place(out, size, false);
      ranges.run(kind, size, ranges.blockFor(size, 1, 4), [px, po]);
      finish(po, out, size);
    });
  }

  /**
   * im2col (images → their `colsSize` floats of windows) or col2im (the way back): `from` is read, `to` written,
   * image by image, with the geometry in the slots between the two addresses.
   */
  function unfold(
    kind: typeof RANGE.im2col | typeof RANGE.col2im, g: ConvGeometry, colsSize: number,
    from: Float32Array, fromSize: number, to: Float32Array, toSize: number,
  ): void {
    scoped(() => {
      const pf = place(from, fromSize, true);
      const pt = place(to, toSize, false);
      const geometry = [g.height, g.width, g.channels, g.kernelSize, g.stride, g.padTop, g.padLeft, g.outHeight, g.outWidth];
      ranges.run(kind, g.batch, ranges.blockFor(g.batch, colsSize / Math.max(1, g.batch)), [pf, ...geometry, pt]);
      finish(pt, to, toSize);
    });
  }
}
