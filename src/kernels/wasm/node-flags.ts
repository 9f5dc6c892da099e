/**
 * Node-only helper: the one file under src/kernels that touches a Node API. Nothing in src/ imports
 * it, so the browser path never loads it; Node callers (the CLI, tests, benchmarks) call it before
 * `loadWasmKernels`.
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdSupported } from './features.js';

/**
 * Turns on relaxed SIMD for WebAssembly in this Node process, where the engine ships it behind a
 * flag (Node 20: `--experimental-wasm-relaxed-simd`), and says whether it is now available.
 * Affects modules compiled after the call only; harmless where relaxed SIMD is already on.
 */
export function enableRelaxedSimdInNode(): boolean {
  if (relaxedSimdSupported()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}
