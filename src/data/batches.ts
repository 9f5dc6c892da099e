import { UsageError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';

export interface BatchOptions {
  /** Rows per mini-batch, or 'all' for one full batch per epoch. */
  batchSize: number | 'all';
  /** Reshuffle the rows at the start of every epoch. @default true */
  shuffle?: boolean;
  /** Required when shuffling. */
  rng?: Rng;
}

/**
 * Mini-batches of row indices over a fixed set of rows (e.g. the train split).
 * Each epoch yields ⌈n / batchSize⌉ batches; the last one holds the remaining rows.
 *
 * Nothing is allocated per batch: every full batch is the same Int32Array(batchSize), refilled,
 * and the last partial batch is a second buffer made once. Use a batch before asking for the next.
 *
 * Example: rows [0 … 4], batchSize 2, no shuffle → [0, 1], [2, 3], [4].
 */
export class MiniBatches {
  /** Rows per full batch. */
  readonly batchSize: number;
  /** Batches per epoch. */
  readonly count: number;
  private readonly order: Int32Array;
  private readonly full: Int32Array;
  private readonly last: Int32Array;
  private readonly shuffle: boolean;
  private readonly rng: Rng | undefined;

  constructor(rows: ArrayLike<number>, options: BatchOptions) {
    const n = rows.length;
    const size = options.batchSize === 'all' ? Math.max(n, 1) : options.batchSize;
    if (!Number.isInteger(size) || size < 1) {
      throw new UsageError(`batches: batch size must be a whole number ≥ 1 or 'all', got ${String(options.batchSize)}`);
    }
    this.shuffle = options.shuffle ?? true;
    if (this.shuffle && options.rng === undefined) throw new UsageError('batches: shuffling needs an rng (or pass shuffle: false)');
    this.rng = options.rng;
    this.order = Int32Array.from(rows);
    this.batchSize = Math.min(size, Math.max(n, 1));
    this.count = Math.ceil(n / this.batchSize);
    this.full = new Int32Array(this.batchSize);
    this.last = new Int32Array(n % this.batchSize);
  }

  /** The rows in their current order (each epoch reshuffles this order further), for checkpoints. */
  getOrder(): Int32Array {
    return this.order.slice();
  }

  /** Restores an order from getOrder(): the same rows, so a resumed run shuffles exactly as the original. */
  setOrder(order: ArrayLike<number>): void {
    if (order.length !== this.order.length) throw new UsageError(`batches: a saved order of ${order.length} rows for ${this.order.length} rows`);
    const sorted = Int32Array.from(order).sort();
    const mine = this.order.slice().sort();
    for (let i = 0; i < sorted.length; i++) {
      if (sorted[i] !== mine[i]) throw new UsageError('batches: the saved order holds other rows than these');
    }
    this.order.set(order);
  }

  /** Starts an epoch (reshuffling when asked) and yields its batches; each yielded array is reused. */
  *epoch(): Generator<Int32Array, void, undefined> {
    if (this.shuffle) this.rng!.shuffle(this.order);
    const n = this.order.length;
    for (let start = 0; start < n; start += this.batchSize) {
      const out = start + this.batchSize <= n ? this.full : this.last;
      for (let k = 0; k < out.length; k++) out[k] = this.order[start + k]!;
      yield out;
    }
  }
}
