import type { FloatArray } from '../kernels/types.js';
import { ShapeError } from '../errors.js';
import type { LabeledSet } from './dataset.js';
import type { Features, Scaler } from './features.js';

/** The rows `rows` of other features, without copying them. */
export class RowSubset implements Features {
  readonly rows: number;
  readonly cols: number;
  private readonly map: Int32Array;
  private scratch = new Int32Array(0);

  constructor(
    readonly base: Features,
    rows: ArrayLike<number>,
  ) {
    this.map = Int32Array.from(rows);
    for (let i = 0; i < this.map.length; i++) {
      const r = this.map[i]!;
      if (!(r >= 0 && r < base.rows) || r !== rows[i]) throw new ShapeError(`subset: row ${rows[i]} is outside [0, ${base.rows})`);
    }
    this.rows = this.map.length;
    this.cols = base.cols;
  }

  get(row: number, col: number): number {
    return this.base.get(this.map[row]!, col);
  }

  gather(indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void {
    this.base.gather(this.mapped(indices), out, scaler);
  }

  prefetch(indices: ArrayLike<number>, out: FloatArray, scaler?: Scaler): void {
    const rows = this.mapped(indices);
    if (this.base.prefetch) this.base.prefetch(rows, out, scaler);
    else this.base.gather(rows, out, scaler);
  }

  /** The base's rows for `indices` (in a reused array: the base reads it before returning). */
  private mapped(indices: ArrayLike<number>): Int32Array {
    if (this.scratch.length < indices.length) this.scratch = new Int32Array(indices.length);
    const mapped = this.scratch.subarray(0, indices.length);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r]!;
      if (!(i >= 0 && i < this.rows)) throw new ShapeError(`features.gather: row ${i} is outside [0, ${this.rows})`);
      mapped[r] = this.map[i]!;
    }
    return mapped;
  }
}

/**
 * The examples `rows` of a set, e.g. the test part of a trainTestSplit, as a set of their own.
 * Features are a view (no copy); targets are copied.
 */
export function subset(set: LabeledSet, rows: ArrayLike<number>): LabeledSet {
  const features = new RowSubset(set.features, rows);
  const targets = new Float64Array(features.rows);
  for (let i = 0; i < targets.length; i++) targets[i] = set.targets[rows[i]!]!;
  return { ...set, features, targets };
}
