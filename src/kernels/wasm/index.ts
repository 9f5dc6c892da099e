/**
 * The WebAssembly SIMD backend: float32 kernels compiled from AssemblyScript (./assembly), loaded
 * without Node APIs. Node callers that want relaxed SIMD on Node 20 also import
 * `enableRelaxedSimdInNode` from ./node-flags.js and, for two threads, `spawnNodeKernelWorker` from
 * ./node-threads.js (not re-exported here: they import Node APIs). Browsers take `spawnWebKernelWorker` from
 * ./web-threads.js (not re-exported either: it makes bundlers bundle the helper worker).
 */
export { WasmArena } from './arena.js';
export type { WasmKernels } from './backend.js';
export { relaxedSimdSupported, sharedMemorySupported, wasmSimdSupported } from './features.js';
export { loadWasmKernels } from './loader.js';
export type { WasmBinaries, WasmKernelsOptions, WasmVariant } from './loader.js';
export { runKernelWorker } from './threads.js';
export type { KernelWorker, KernelWorkerInit, SpawnKernelWorker } from './threads.js';
