/**
 * Runs one kernel call through the module's runRange: its arguments go into the argument area of the
 * control block, then the call's items (rows, column panels, images, elements) run on this thread alone,
 * or in blocks shared with the helper thread when the call is big enough to pay for the hand-off.
 * Blocks never change what an element of the output gets computed from, or in what order, so the results
 * are the same bits on one thread or two.
 */
import type { KernelExports } from './backend.js';
import { BACKGROUND_ARGS_OFFSET, RANGE_ARGS_OFFSET, type HelperThread } from './threads.js';
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
  packB: 19,
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

/** A call left to the helper thread (see runInBackground). */
interface BackgroundJob {
  kind: RangeKind;
  items: number;
  block: number;
  /** handed to the helper yet */
  started: boolean;
}

/** An argument area: its address and int32 / float64 views of its slots. */
interface ArgumentArea {
  address: number;
  ints: Int32Array;
  floats: Float64Array;
}

function argumentArea(memory: WasmMemory, address: number): ArgumentArea {
  // The areas lie in the memory's first pages: these views stay valid as a shared memory grows, and an
  // unshared one never grows.
  return {
    address,
    ints: new Int32Array(memory.buffer, address, INT_SLOTS),
    floats: new Float64Array(memory.buffer, address + INT_SLOTS * 4, FLOAT_SLOTS),
  };
}

export class RangeRunner {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly args: number;
  private readonly backgroundArea: ArgumentArea;
  private background: BackgroundJob | undefined;

  constructor(
    private readonly exports: KernelExports,
    memory: WasmMemory,
    control: number,
    private readonly work: number,
    private helper: HelperThread | undefined,
  ) {
    const area = argumentArea(memory, control + RANGE_ARGS_OFFSET);
    this.args = area.address;
    this.ints = area.ints;
    this.floats = area.floats;
    this.backgroundArea = argumentArea(memory, control + BACKGROUND_ARGS_OFFSET);
  }

  get threads(): number {
    return this.helper === undefined ? 1 : 2;
  }

  /** Stops the helper thread (after a call left to it, if any); every call runs on this thread from then on. */
  stop(): void {
    this.settle();
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
   * of `block` items shared with the helper thread when block < items; with `smallBlock` (a divisor of block),
   * the last items go in blocks of that many (RangeJob.smallBlock).
   */
  run(kind: RangeKind, items: number, block: number, ints: readonly number[], floats: readonly number[] = [], smallBlock = block): void {
    if (items <= 0) return;
    const { exports, args, work, helper } = this;
    const shared = helper !== undefined && block < items;
    // A shared call needs the helper: a call left to it that it has started ends first (one not started yet
    // waits for the next call this thread runs alone, the helper's chance to start on it).
    if (shared) {
      if (this.background?.started) this.settle();
    } else {
      this.startBackground();
    }
    this.ints.set(ints);
    if (floats.length > 0) this.floats.set(floats);
    if (!shared) {
      exports.runRange(kind, args, 0, items, work);
      return;
    }
    this.helper!.begin({ kind, items, block, smallBlock, args });
    this.take(kind, args);
  }

  /**
   * Leaves a call to the helper thread, to run while this thread goes on with calls of its own: the helper
   * starts on it at the next call this thread runs alone, and it ends by `settle()` (this thread takes whatever
   * blocks the helper has not started), which the next shared call after that start runs first. Its arguments
   * must point at memory that stays as it is until then: long-lived arrays, not scratch. Without a helper it
   * runs now.
   */
  runInBackground(kind: RangeKind, items: number, block: number, ints: readonly number[], floats: readonly number[] = []): void {
    this.settle();
    if (items <= 0) return;
    if (this.helper === undefined) {
      this.run(kind, items, items, ints, floats);
      return;
    }
    const area = this.backgroundArea;
    area.ints.set(ints);
    if (floats.length > 0) area.floats.set(floats);
    this.background = { kind, items, block: Math.max(1, Math.min(block, items)), started: false };
  }

  /** Waits for the call left to the helper by runInBackground, if any; its results are in place after this. */
  settle(): void {
    const job = this.background;
    if (job === undefined) return;
    this.background = undefined;
    const address = this.backgroundArea.address;
    if (!job.started) {
      this.exports.runRange(job.kind, address, 0, job.items, this.work);
      return;
    }
    this.take(job.kind, address);
  }

  private startBackground(): void {
    const job = this.background;
    if (job === undefined || job.started) return;
    job.started = true;
    this.helper!.begin({ kind: job.kind, items: job.items, block: job.block, args: this.backgroundArea.address });
  }

  /** Takes the current job's blocks the helper has not, runs them on this thread, and waits for the helper's. */
  private take(kind: RangeKind, args: number): void {
    const { exports, work } = this;
    const helper = this.helper!;
    try {
      for (let i0 = helper.claim(); i0 >= 0; i0 = helper.claim()) {
        exports.runRange(kind, args, i0, helper.blockEnd(i0), work);
      }
    } finally {
      helper.finish();
    }
  }
}
