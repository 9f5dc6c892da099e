import { WASM_PAGE_BYTES, type WasmMemory } from './wasm-api.js';

/** Every block starts on a 64-byte boundary (a cache line; more than any SIMD load needs). */
const ALIGN = 64;

/** Long-lived blocks leave at least this fraction of the maximum memory for the scratch of calls… */
const RESERVE_FRACTION = 1 / 8;
/** …but never more than this. */
const RESERVE_MAX_BYTES = 64 * 1024 * 1024;

function alignUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** A block in use: its size in bytes, and a number that tells a later block at the same address apart. */
interface Block {
  readonly size: number;
  readonly id: number;
  /** handed out by allocBytes/allocFloat32 (freed by release), not by longLivedFloat32 */
  readonly scratch: boolean;
}

/** What the garbage collector hands back when a long-lived array dies. */
/**
 * Bytes in the kernels' memory whose subarrays hold on to the array they were cut from, so the block (freed
 * when the first array is garbage-collected) outlives every view of it that `subarray` made.
 */
class KernelBytes extends Uint8Array<ArrayBufferLike> {
  /** The array this one was cut from (held, not read). */
  parent: Uint8Array | undefined;

  override subarray(begin?: number, end?: number): KernelBytes {
    const view = super.subarray(begin, end) as KernelBytes;
    view.parent = this;
    return view;
  }
}

interface Held {
  readonly ptr: number;
  readonly id: number;
}

export interface WasmArenaOptions {
  /**
   * The most bytes the memory can reach: a shared memory grows up to it, an unshared one has it from the
   * start. @default the memory's current size
   */
  maximumBytes?: number;
  /**
   * Bytes that long-lived arrays leave free for the scratch copies of kernel calls (longLivedFloat32 returns
   * undefined rather than eat into them). @default maximumBytes / 8, at most 64 MiB
   */
  reserveBytes?: number;
}

/**
 * The allocator over the kernels' WebAssembly memory: arrays here are used by the kernels in place,
 * without copies. One address space serves two kinds of blocks:
 *
 * - **scratch** for one call (`allocBytes`, `allocFloat32`), freed in stack order with `mark`/`release`;
 * - **long-lived** arrays (`longLivedFloat32`): tensors, parameters, optimizer state, batch buffers.
 *   Freed by `free(array)`, or when the array is garbage-collected (a FinalizationRegistry); returns
 *   undefined when the memory is full, so callers fall back to plain arrays.
 *
 * Free space is a list of gaps sorted by address, merged with their neighbours when a block is freed
 * (first fit; a gap that reaches the top lowers the top instead). Blocks start on 64-byte boundaries
 * and their sizes are rounded up to 64 bytes.
 *
 * Memory strategy (growing a memory detaches the views of an unshared one):
 * - shared memory grows on demand up to its maximum. Views of a SharedArrayBuffer are never
 *   detached, so every array handed out stays valid after a grow. Two threads need it too.
 * - unshared memory (a browser page that is not cross-origin isolated) is created at its full size
 *   and never grows, so views stay valid there as well; running out throws a RangeError (scratch)
 *   or returns undefined (long-lived). The pages are reserved, not touched, so an unused maximum
 *   costs address space, not RAM.
 */
export class WasmArena {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  /** First byte the arena hands out; below it: the module's statics and the kernels' workspace. */
  readonly base: number;
  /** The most bytes the memory can reach. */
  readonly maximumBytes: number;
  /** Bytes long-lived arrays leave free for scratch. */
  readonly reserveBytes: number;
  /** End of the highest block in use: everything from here on is free. */
  private top: number;
  /** Free gaps below `top`, sorted by address; no two touch, and none touches `top`. */
  private readonly gapStart: number[] = [];
  private readonly gapSize: number[] = [];
  private readonly blocks = new Map<number, Block>();
  /** Addresses of the scratch blocks in use, oldest first. */
  private readonly scratch: number[] = [];
  private nextId = 1;
  private used = 0;
  private views!: { f32: Float32Array; u8: Uint8Array; i32: Int32Array };
  /** Every buffer object the memory has had: each grow of a shared memory gives a new one. */
  private readonly buffers = new Set<ArrayBufferLike>();
  private readonly registry = new FinalizationRegistry<Held>((held) => this.freeBlock(held.ptr, held.id));

  constructor(memory: WasmMemory, shared: boolean, base: number, options: WasmArenaOptions = {}) {
    this.memory = memory;
    this.shared = shared;
    this.base = alignUp(base, ALIGN);
    this.top = this.base;
    this.maximumBytes = options.maximumBytes ?? memory.buffer.byteLength;
    this.reserveBytes = options.reserveBytes ?? Math.min(RESERVE_MAX_BYTES, Math.floor(this.maximumBytes * RESERVE_FRACTION));
    this.refreshViews();
    if (!this.ensure(this.base)) throw new RangeError(`WasmArena: the memory cannot reach the arena's base (${this.base} bytes)`);
  }

  /** Bytes currently allocated (scratch and long-lived, each rounded up to 64). */
  get bytesInUse(): number {
    return this.used;
  }

  /** Bytes the memory holds now (it grows when shared). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * A new float32 array of `length` zeros in the WebAssembly memory, as scratch: freed by `release`
   * of a mark taken before (allocation, not for hot loops). Throws a RangeError when the memory is full.
   */
  allocFloat32(length: number): Float32Array {
    const ptr = this.allocBytes(length * 4);
    const view = new Float32Array(this.memory.buffer, ptr, length);
    view.fill(0);
    return view;
  }

  /**
   * The byte address of `bytes` fresh bytes of scratch (64-byte aligned, contents unspecified), freed by
   * `release` of a mark taken before. Throws a RangeError when the memory cannot hold them.
   */
  allocBytes(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`WasmArena: cannot allocate ${bytes} bytes`);
    const size = Math.max(ALIGN, alignUp(bytes, ALIGN));
    const ptr = this.take(size, Infinity);
    if (ptr < 0) {
      throw new RangeError(
        `WasmArena: out of memory (${bytes} more bytes needed, ${this.used} in use, ${this.maximumBytes} at most). ` +
          (this.shared ? '' : 'An unshared memory cannot grow without detaching its arrays: load the kernels with a larger maximumMemoryBytes, or release arrays.'),
      );
    }
    this.blocks.set(ptr, { size, id: this.nextId++, scratch: true });
    this.scratch.push(ptr);
    return ptr;
  }

  /** A mark to hand to `release` later: the scratch allocated so far. */
  mark(): number {
    return this.scratch.length;
  }

  /** Frees the scratch allocated since `mark()` returned `mark` (its arrays may be reused from then on). */
  release(mark: number): void {
    if (!Number.isInteger(mark) || mark < 0 || mark > this.scratch.length) {
      throw new RangeError(`WasmArena.release: ${mark} is not a mark (${this.scratch.length} scratch blocks in use)`);
    }
    while (this.scratch.length > mark) {
      const ptr = this.scratch.pop()!;
      this.freeRange(ptr, this.blocks.get(ptr)!.size);
      this.blocks.delete(ptr);
    }
  }

  /** Frees every allocation, scratch and long-lived (arrays handed out must not be used afterwards). */
  reset(): void {
    this.blocks.clear();
    this.scratch.length = 0;
    this.gapStart.length = 0;
    this.gapSize.length = 0;
    this.top = this.base;
    this.used = 0;
  }

  /**
   * A new float32 array of `length` zeros in the WebAssembly memory that lives until `free(array)` or until
   * the array is garbage-collected (keep the array itself, not only subarrays of it, while its memory is
   * in use). Undefined when the memory cannot hold it and still keep `reserveBytes` free for scratch:
   * use a plain Float32Array then.
   */
  longLivedFloat32(length: number): Float32Array | undefined {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`WasmArena: cannot allocate ${length} floats`);
    return this.longLived(length * 4, (buffer, ptr) => new Float32Array(buffer, ptr, length));
  }

  /**
   * A new byte array of `length` zeros in the WebAssembly memory (a data set the kernels gather from in place),
   * undefined when the memory cannot hold it. Its memory comes back when neither it nor any subarray made from
   * it by `subarray` is reachable any more (a subarray keeps its parent alive), or at once with `free`.
   */
  longLivedBytes(length: number): Uint8Array | undefined {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`WasmArena: cannot allocate ${length} bytes`);
    return this.longLived(length, (buffer, ptr) => new KernelBytes(buffer, ptr, length));
  }

  /**
   * A long-lived block of `bytes` (undefined past the reserve), its zeroed view made by `view`, and the block
   * freed when that view is garbage-collected.
   */
  private longLived<T extends Float32Array | Uint8Array>(bytes: number, view: (buffer: ArrayBufferLike, ptr: number) => T): T | undefined {
    const size = Math.max(ALIGN, alignUp(bytes, ALIGN));
    const ptr = this.take(size, this.maximumBytes - this.reserveBytes);
    if (ptr < 0) return undefined;
    const block: Block = { size, id: this.nextId++, scratch: false };
    this.blocks.set(ptr, block);
    const array = view(this.memory.buffer, ptr);
    array.fill(0);
    this.registry.register(array, { ptr, id: block.id }, array);
    return array;
  }

  /**
   * Frees a long-lived array now (it must not be used afterwards). Returns false, doing nothing, for an
   * array that is not one of this arena's live long-lived arrays.
   */
  free(array: ArrayBufferView): boolean {
    if (!this.owns(array)) return false;
    const block = this.blocks.get(array.byteOffset);
    if (block === undefined || block.scratch || array.byteLength > block.size) return false;
    this.registry.unregister(array);
    this.freeBlock(array.byteOffset, block.id);
    return true;
  }

  /** Whether `x` is a view into this memory (so kernels can use it in place at `x.byteOffset`). */
  owns(x: ArrayBufferView): boolean {
    if (this.buffers.has(x.buffer)) return true;
    // A view made by the caller from memory.buffer after a grow by someone else (another thread).
    if (x.buffer === this.memory.buffer) {
      this.buffers.add(x.buffer);
      return true;
    }
    return false;
  }

  /** A view of the whole memory as float32 (index = byte address / 4), valid until the next grow. */
  heap(): Float32Array {
    return this.views.f32;
  }

  /** The whole memory as bytes (index = byte address), valid until the next grow. */
  heapBytes(): Uint8Array {
    return this.views.u8;
  }

  /** The whole memory as int32 (index = byte address / 4), valid until the next grow. */
  heapInt32(): Int32Array {
    return this.views.i32;
  }

  /** Frees block `ptr` if it is still the block numbered `id` (a collected array's block may be gone already). */
  private freeBlock(ptr: number, id: number): void {
    const block = this.blocks.get(ptr);
    if (block === undefined || block.id !== id || block.scratch) return;
    this.blocks.delete(ptr);
    this.freeRange(ptr, block.size);
  }

  /**
   * The address of `size` free bytes (a multiple of 64): the first gap that holds them, else at the top,
   * growing a shared memory if needed, as long as the block ends at or below `limit`. -1 when impossible.
   */
  private take(size: number, limit: number): number {
    const starts = this.gapStart;
    const sizes = this.gapSize;
    for (let i = 0; i < starts.length; i++) {
      const gap = sizes[i]!;
      if (gap < size) continue;
      const ptr = starts[i]!;
      if (gap === size) {
        starts.splice(i, 1);
        sizes.splice(i, 1);
      } else {
        starts[i] = ptr + size;
        sizes[i] = gap - size;
      }
      this.used += size;
      return ptr;
    }
    const ptr = this.top;
    const end = ptr + size;
    if (end > limit || end > this.maximumBytes || !this.ensure(end)) return -1;
    this.top = end;
    this.used += size;
    return ptr;
  }

  /** Returns [ptr, ptr + size) to the free space, merging it with the gaps (or the top) it touches. */
  private freeRange(ptr: number, size: number): void {
    this.used -= size;
    const starts = this.gapStart;
    const sizes = this.gapSize;
    // i: the first gap after ptr.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < ptr) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    let start = ptr;
    let end = ptr + size;
    if (i > 0 && starts[i - 1]! + sizes[i - 1]! === start) {
      i--;
      start = starts[i]!;
      starts.splice(i, 1);
      sizes.splice(i, 1);
    }
    if (i < starts.length && starts[i] === end) {
      end += sizes[i]!;
      starts.splice(i, 1);
      sizes.splice(i, 1);
    }
    if (end === this.top) {
      this.top = start;
      return;
    }
    starts.splice(i, 0, start);
    sizes.splice(i, 0, end - start);
  }

  /** Grows the memory (shared only) so that bytes [0, end) exist; false when it cannot. */
  private ensure(end: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return true;
    if (!this.shared) return false;
    try {
      this.memory.grow(Math.ceil((end - have) / WASM_PAGE_BYTES));
    } catch {
      return false;
    }
    this.refreshViews();
    return true;
  }

  private refreshViews(): void {
    const buffer = this.memory.buffer;
    this.views = { f32: new Float32Array(buffer), u8: new Uint8Array(buffer), i32: new Int32Array(buffer) };
    this.buffers.add(buffer);
  }
}
