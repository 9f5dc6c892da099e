/**
 * The WebAssembly SIMD backend: float32 kernels compiled from AssemblyScript (./assembly), loaded
 * without Node APIs. Node callers that want relaxed SIMD on Node 20 also import
 * `enableRelaxedSimdInNode` from './node-flags.js' (not re-exported here: it imports node:v8).
 */
export { WasmArena } from './arena.js';
export type { WasmKernels } from './backend.js';
export { relaxedSimdSupported, sharedMemorySupported, wasmSimdSupported } from './features.js';
export { loadWasmKernels } from './loader.js';
export type { WasmBinaries, WasmKernelsOptions, WasmVariant } from './loader.js';
