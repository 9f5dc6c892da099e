import { WASM_PAGE_BYTES, type WasmMemory } from './wasm-api.js';

/** Every allocation starts on a 64-byte boundary (a cache line; more than any SIMD load needs). */
const ALIGN = 64;

function alignUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/**
 * A bump allocator over the kernels' WebAssembly memory: buffers here are used by the kernels in
 * place, without copies. Allocate with `allocFloat32`, free in stack order with `mark`/`release`.
 *
 * Memory strategy (growing a memory detaches the views of an unshared one):
 * - shared memory grows on demand up to its maximum. Views of a SharedArrayBuffer are never
 *   detached, so every array handed out stays valid after a grow. Two threads need it too.
 * - unshared memory (a browser page that is not cross-origin isolated) is created at its full size
 *   and never grows, so views stay valid there as well; running out throws a RangeError.
 *   The pages are reserved, not touched, so an unused maximum costs address space, not RAM.
 *
 * An array stays usable until the mark below it is released; after that its bytes may be reused.
 */
export class WasmArena {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  /** First byte the arena hands out; below it: the module's statics and the kernels' workspace. */
  readonly base: number;
  private top: number;
  private heapView: Float32Array;
  /** Every buffer object the memory has had: each grow of a shared memory gives a new one. */
  private readonly buffers = new Set<ArrayBufferLike>();

  constructor(memory: WasmMemory, shared: boolean, base: number) {
    this.memory = memory;
    this.shared = shared;
    this.base = alignUp(base, ALIGN);
    this.top = this.base;
    this.heapView = new Float32Array(memory.buffer);
    this.buffers.add(memory.buffer);
    this.ensure(this.base);
  }

  /** Bytes currently allocated. */
  get bytesInUse(): number {
    return this.top - this.base;
  }

  /** Bytes the memory holds now (it grows when shared). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * A new float32 array of `length` zeros in the WebAssembly memory (moves the arena's top;
   * allocation, not for hot loops).
   */
  allocFloat32(length: number): Float32Array {
    const ptr = this.allocBytes(length * 4);
    const view = new Float32Array(this.memory.buffer, ptr, length);
    view.fill(0);
    return view;
  }

  /**
   * The byte address of `bytes` fresh bytes (64-byte aligned, contents unspecified), moving the
   * arena's top. Throws a RangeError when the memory cannot hold them.
   */
  allocBytes(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`WasmArena: cannot allocate ${bytes} bytes`);
    const ptr = this.top;
    this.ensure(ptr + bytes);
    this.top = alignUp(ptr + bytes, ALIGN);
    return ptr;
  }

  /** The arena's top, to hand to `release` later. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated since `mark()` returned `mark` (arrays from then on may be reused). */
  release(mark: number): void {
    if (!Number.isInteger(mark) || mark < this.base || mark > this.top) {
      throw new RangeError(`WasmArena.release: ${mark} is not a mark at or below the top (${this.top})`);
    }
    this.top = mark;
  }

  /** Frees every allocation. */
  reset(): void {
    this.top = this.base;
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
    return this.heapView;
  }

  /** Grows the memory (shared only) so that bytes [0, end) exist. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (!this.shared) {
      throw new RangeError(
        `WasmArena: out of memory (${end} bytes needed, ${have} fixed). An unshared memory cannot grow without ` +
          'detaching its arrays: load the kernels with a larger maximumMemoryBytes, or release arrays.',
      );
    }
    try {
      this.memory.grow(Math.ceil((end - have) / WASM_PAGE_BYTES));
    } catch (cause) {
      throw new RangeError(`WasmArena: out of memory (${end} bytes needed, the maximum is reached)`, { cause });
    }
    this.heapView = new Float32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
  }
}
