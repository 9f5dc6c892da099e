import { WasmArena } from './arena.js';
import { createWasmKernels, type KernelExports, type WasmKernels } from './backend.js';
import { RangeRunner } from './ranges.js';
import { relaxedSimdSupported, sharedMemorySupported, wasmSimdSupported } from './features.js';
import { CONTROL_BYTES, HelperThread, type SpawnKernelWorker } from './threads.js';
import { WASM_PAGE_BYTES, webAssembly, type WasmApi, type WasmMemory } from './wasm-api.js';

/** The four builds of the module: plain or relaxed SIMD, for an unshared or a shared memory. */
export type WasmVariant = 'simd' | 'relaxed' | 'simdShared' | 'relaxedShared';

/** A build's bytes, raw or base64-encoded. */
export type WasmBinaries = Record<WasmVariant, Uint8Array | string>;

export interface WasmKernelsOptions {
  /**
   * Use the relaxed-SIMD build (fused multiply-add): 'auto' when the engine validates it,
   * true to require it (rejects where unsupported), false for plain SIMD. In Node 20 call
   * `enableRelaxedSimdInNode()` (node-flags.ts) first, or 'auto' picks plain SIMD.
   * @default 'auto'
   */
  relaxedSimd?: 'auto' | boolean;
  /**
   * Use a shared memory (views survive growth; what threads need): 'auto' where it can be made
   * (Node; cross-origin-isolated pages), true to require it, false for an unshared one.
   * @default 'auto'
   */
  sharedMemory?: 'auto' | boolean;
  /** Bytes a shared memory starts with; it grows on demand. Ignored when unshared. @default 16 MiB */
  initialMemoryBytes?: number;
  /**
   * Most bytes the memory may hold. An unshared memory is created at this size and never grows
   * (growing would detach arrays handed out). @default 1 GiB shared, 256 MiB unshared
   */
  maximumMemoryBytes?: number;
  /** The modules' bytes, e.g. fetched .wasm files. @default the generated binaries.js */
  binaries?: WasmBinaries;
  /**
   * Threads: 2 shares bigger products and the larger elementwise and convolution calls with a helper
   * thread started by `spawnWorker` (needs shared memory). Call `dispose()` on the kernels to stop it.
   * @default 1
   */
  threads?: 1 | 2;
  /** Starts the helper thread: `spawnNodeKernelWorker` from node-threads.ts in Node. */
  spawnWorker?: SpawnKernelWorker;
}

const MIB = 1024 * 1024;

/** Where the module's own statics end and our data may start: keeps address 0 unused, too. */
const MIN_BASE = 1024;

function toBytes(binary: Uint8Array | string): Uint8Array {
  if (typeof binary !== 'string') return binary;
  const text = atob(binary);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

async function defaultBinaries(): Promise<WasmBinaries> {
  try {
    return await import('./binaries.js');
  } catch (cause) {
    throw new Error('The WebAssembly kernels are not built: run `npm run build:wasm` (or pass options.binaries).', {
      cause,
    });
  }
}

function pick(option: 'auto' | boolean | undefined, supported: boolean, what: string): boolean {
  if (option === undefined || option === 'auto') return supported;
  if (option && !supported) throw new Error(`loadWasmKernels: ${what} was required but this engine does not support it`);
  return option;
}

/** The memory and the most bytes it can reach. */
function createMemory(api: WasmApi, shared: boolean, options: WasmKernelsOptions): { memory: WasmMemory; maximumBytes: number } {
  const maxBytes = options.maximumMemoryBytes ?? (shared ? 1024 * MIB : 256 * MIB);
  const maximum = Math.ceil(maxBytes / WASM_PAGE_BYTES);
  const initial = shared ? Math.min(maximum, Math.ceil((options.initialMemoryBytes ?? 16 * MIB) / WASM_PAGE_BYTES)) : maximum;
  if (maximum < 1 || maximum > 65536) throw new RangeError(`loadWasmKernels: maximumMemoryBytes = ${maxBytes} is out of range`);
  return { memory: new api.Memory({ initial, maximum, shared }), maximumBytes: maximum * WASM_PAGE_BYTES };
}

/**
 * Compiles and instantiates the WebAssembly SIMD kernels (float32) with their own memory.
 * Rejects where WebAssembly SIMD is missing: check `wasmSimdSupported()` first and keep the
 * portable `jsKernels` otherwise. Uses no Node API, so it runs the same in a browser.
 *
 * ```ts
 * if (wasmSimdSupported()) useKernels(await loadWasmKernels());
 * ```
 */
export async function loadWasmKernels(options: WasmKernelsOptions = {}): Promise<WasmKernels> {
  const api = webAssembly();
  if (api === undefined || !wasmSimdSupported()) {
    throw new Error('loadWasmKernels: this engine has no WebAssembly SIMD; keep the portable kernels');
  }
  const threads = options.threads ?? 1;
  if (threads !== 1 && threads !== 2) throw new RangeError(`loadWasmKernels: threads = ${threads}; 1 or 2 are supported`);
  if (threads === 2 && options.spawnWorker === undefined) {
    throw new Error('loadWasmKernels: threads = 2 needs options.spawnWorker');
  }
  const relaxed = pick(options.relaxedSimd, relaxedSimdSupported(), 'relaxed SIMD');
  const shared = pick(options.sharedMemory ?? (threads === 2 ? true : 'auto'), sharedMemorySupported(), 'shared memory');
  if (threads === 2 && !shared) throw new Error('loadWasmKernels: threads = 2 needs a shared memory');
  const variant: WasmVariant = `${relaxed ? 'relaxed' : 'simd'}${shared ? 'Shared' : ''}`;
  const binaries = options.binaries ?? (await defaultBinaries());
  const module = await api.compile(toBytes(binaries[variant]));
  const { memory, maximumBytes } = createMemory(api, shared, options);
  const instance = new api.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  // Layout: [module statics | control block | a gemm workspace per thread | arena ...]
  const control = Math.max(MIN_BASE, Math.ceil(exports.heapBase() / 64) * 64);
  const workBytes = Math.ceil(exports.gemmWorkBytes() / 64) * 64;
  const work = control + CONTROL_BYTES;
  const arena = new WasmArena(memory, shared, work + threads * workBytes, { maximumBytes });
  const helper =
    threads === 2 && options.spawnWorker !== undefined
      ? await HelperThread.start({ module, memory, control, work: work + workBytes }, options.spawnWorker)
      : undefined;
  return createWasmKernels(exports, arena, new RangeRunner(exports, memory, control, work, helper), relaxed);
}
