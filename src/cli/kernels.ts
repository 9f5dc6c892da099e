import { UsageError } from '../errors.js';
import { jsKernels } from '../kernels/js/index.js';
import { enableRelaxedSimdInNode } from '../kernels/wasm/node-flags.js';
import { spawnNodeKernelWorker } from '../kernels/wasm/node-threads.js';
import { loadWasmKernels, wasmSimdSupported } from '../kernels/wasm/index.js';
import { activeKernels, useKernels } from '../tensor/backend.js';

export type KernelChoice = 'auto' | 'js' | 'wasm';

/**
 * Switches the float32 kernels for this process: 'auto' and 'wasm' load the WebAssembly SIMD backend
 * (relaxed SIMD where the engine has it), 'js' keeps the portable loops. 'auto' falls back to the
 * portable loops where WebAssembly SIMD is missing; 'wasm' then fails with a clear error.
 */
export async function selectKernels(choice: KernelChoice, threads: 1 | 2): Promise<void> {
  if (choice === 'js') {
    if (threads !== 1) throw new UsageError('--threads 2 needs the wasm kernels');
    useKernels(jsKernels);
    return;
  }
  if (!wasmSimdSupported()) {
    if (choice === 'wasm') throw new UsageError('--kernels wasm: this JavaScript engine has no WebAssembly SIMD');
    useKernels(jsKernels);
    return;
  }
  if (activeKernels().name !== 'js' && activeKernels().threads === threads) return;
  enableRelaxedSimdInNode();
  useKernels(await loadWasmKernels({ threads, ...(threads === 2 ? { spawnWorker: spawnNodeKernelWorker } : {}) }));
}

/** Ends worker threads so the process can exit. */
export function releaseKernels(): void {
  const k = activeKernels() as { dispose?: () => void };
  k.dispose?.();
  useKernels(jsKernels);
}
