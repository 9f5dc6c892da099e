/**
 * Runs one kernel call through the module's runRange: its arguments go into the argument area of the
 * control block, then the call's items (rows, column panels, images, elements) run on this thread alone,
 * or in blocks shared with the helper thread when the call is big enough to pay for the hand-off.
 * Blocks never change what an element of the output gets computed from, or in what order, so the results
 * are the same bits on one thread or two.
 */
import type { KernelExports } from './backend.js';
import { RANGE_ARGS_OFFSET, type HelperThread } from './threads.js';
import type { WasmMemory } from './wasm-api.js';

/** The kinds of runRange (assembly/ranges.ts, which lists each one's argument slots); the numbers must match. */
export const RANGE = {
  gemmRows: 0,
  im2col: 1,
  col2im: 2,
  maxPool: 3,
  maxPoolBackward: 4,
  relu: 5,
  reluBackward: 6,
  sigmoid: 7,
  addRowVector: 8,
  columnAffine: 9,
  columnCombine: 10,
  adamStep: 11,
  gatherBytes: 12,
  scaleBytes: 13,
  axpy: 14,
  gemmColumns: 15,
  gemmKHalves: 16,
  rowEpilogue: 17,
  sigmoidBackward: 18,
} as const;

export type RangeKind = (typeof RANGE)[keyof typeof RANGE];

/** int32 and float64 slots of the argument area. */
const INT_SLOTS = 32;
const FLOAT_SLOTS = 8;

/** About this many blocks per shared call, so a thread slowed by other work on its core takes fewer. */
const SPLIT_BLOCKS = 8;
/**
 * A block moves at least this many floats (or does as much work): smaller calls stay on one thread,
 * where waking the other would cost about as much as it saves.
 */
export const MIN_BLOCK_FLOATS = 16384;

export class RangeRunner {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly args: number;

  constructor(
    private readonly exports: KernelExports,
    memory: WasmMemory,
    control: number,
    private readonly work: number,
    private helper: HelperThread | undefined,
  ) {
    this.args = control + RANGE_ARGS_OFFSET;
    // The argument area lies in the memory's first pages: these views stay valid as a shared memory grows,
    // and an unshared one never grows.
    this.ints = new Int32Array(memory.buffer, this.args, INT_SLOTS);
    this.floats = new Float64Array(memory.buffer, this.args + INT_SLOTS * 4, FLOAT_SLOTS);
  }

  get threads(): number {
    return this.helper === undefined ? 1 : 2;
  }

  /** Stops the helper thread; every call runs on this thread from then on. */
  stop(): void {
    this.helper?.stop();
    this.helper = undefined;
  }

  /**
   * The block size for `items` items of `floatsPerItem` floats each (or that much work), a multiple of
   * `align`: the whole call when it is too small to share or there is no helper.
   */
  blockFor(items: number, floatsPerItem: number, align = 1): number {
    const minItems = Math.ceil(MIN_BLOCK_FLOATS / Math.max(1, floatsPerItem));
    if (this.helper === undefined || items < 2 * minItems) return items;
    const block = Math.max(minItems, Math.ceil(items / SPLIT_BLOCKS));
    return Math.ceil(block / align) * align;
  }

  /**
   * Runs items [0, items) of `kind` with these int32 (pointers, sizes) and float64 arguments, in blocks
   * of `block` items shared with the helper thread when block < items.
   */
  run(kind: RangeKind, items: number, block: number, ints: readonly number[], floats: readonly number[] = []): void {
    if (items <= 0) return;
    this.ints.set(ints);
    if (floats.length > 0) this.floats.set(floats);
    const { exports, args, work, helper } = this;
    if (helper === undefined || block >= items) {
      exports.runRange(kind, args, 0, items, work);
      return;
    }
    helper.begin({ kind, items, block });
    try {
      for (let i0 = helper.claim(); i0 >= 0; i0 = helper.claim()) {
        exports.runRange(kind, args, i0, Math.min(items, i0 + block), work);
      }
    } finally {
      helper.finish();
    }
  }
}
