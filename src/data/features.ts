import type { ColumnScale, FloatArray } from '../kernels/types.js';
import { kernelsFor } from '../tensor/backend.js';
import { ShapeError } from '../errors.js';

/**
 * A read-only matrix of examples × features that hands out rows on demand.
 * Images stay as bytes (a quarter of float32's memory) and become floats only
 * one batch at a time, on their way into the buffer a model trains from.
 */
export interface Features {
  readonly rows: number;
  readonly cols: number;
  /** Value (row, col) as stored, before any scaling. */
  get(row: number, col: number): number;
  /**
   * Writes the rows at `indices` into `out` as [indices.length, cols], row-major,
   * standardized by `scaler` when one is given.
   */
  gather(indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void;
  /**
   * Optional: gather, possibly on the kernels' helper thread while this one goes on (the next batch while the
   * current one trains). `out` holds the rows once `kernelsFor(out).settle?.()` returns; until then it must not
   * be used.
   */
  prefetch?(indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void;
}

/** A per-column affine map x ↦ (x − shift) · factor applied while rows are gathered. */
export type Scaler = ColumnScale;

type Storage = Float64Array | Float32Array | Uint8Array;

/** Features held in one row-major typed array (float or bytes). */
export class DenseFeatures implements Features {
  constructor(
    readonly data: Storage,
    readonly rows: number,
    readonly cols: number,
  ) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
      throw new ShapeError(`features: ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
    }
  }

  get(row: number, col: number): number {
    return this.data[row * this.cols + col]!;
  }

  gather(indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void {
    this.check(indices, out);
    // Bytes (images) become floats in a kernel: on the WebAssembly backend, SIMD straight into its memory.
    // Float storage has its own loop, monomorphic, which V8 compiles several times faster.
    if (this.data instanceof Uint8Array) kernelsFor(out).gatherBytes(this.data, this.cols, indices, out, scaler);
    else gatherFloats(this.data, this.cols, indices, out, scaler);
  }

  prefetch(indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void {
    const kernels = kernelsFor(out);
    if (!(this.data instanceof Uint8Array && kernels.prefetchBytes)) {
      this.gather(indices, out, scaler);
      return;
    }
    this.check(indices, out);
    kernels.prefetchBytes(this.data, this.cols, indices, out, scaler);
  }

  private check(indices: ArrayLike<number>, out: FloatArray): void {
    if (out.length < indices.length * this.cols) {
      throw new ShapeError(`features.gather: out holds ${out.length} values, needs ${indices.length * this.cols}`);
    }
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r]!;
      if (!(i >= 0 && i < this.rows)) throw new ShapeError(`features.gather: row ${i} is outside [0, ${this.rows})`);
    }
  }
}

function gatherFloats(d: Float32Array | Float64Array, cols: number, indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void {
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * cols;
    const dst = r * cols;
    if (scaler === undefined) {
      for (let j = 0; j < cols; j++) out[dst + j] = d[src + j]!;
    } else {
      const { shift, factor } = scaler;
      for (let j = 0; j < cols; j++) out[dst + j] = (d[src + j]! - shift[j]!) * factor[j]!;
    }
  }
}

/** 0 … n-1. */
export function allRows(n: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
}
