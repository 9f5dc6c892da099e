/**
 * Browser-only: starts the GEMM helper thread as a module Web Worker (web-worker.ts). Pass it as
 * `loadWasmKernels({ threads: 2, spawnWorker: spawnWebKernelWorker })` from a page or a worker that
 * is cross-origin isolated (COOP/COEP headers), where shared memory exists. Not re-exported from
 * index.ts, so only bundles that ask for two threads bundle the helper worker.
 */
import type { KernelWorker, KernelWorkerInit } from './threads.js';

/** The part of the Web Worker API used here (the project's lib has no DOM or WebWorker types). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** The global Worker constructor of browsers; declared here for the same reason. */
declare const Worker: new (url: URL, options: { type: 'module'; name?: string }) => WebWorker;

/**
 * Whether this browser thread can run the helper: it is cross-origin isolated (so shared memory
 * and posting it to a worker are allowed) and can start workers.
 */
export function webThreadsSupported(): boolean {
  const scope = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  return scope.crossOriginIsolated === true && typeof scope.Worker === 'function';
}

/**
 * A module Worker running web-worker.js, handed `init` (the compiled module and the shared memory)
 * in its first message. The worker posts nothing back: HelperThread.start sees it ready through the
 * control block in the shared memory.
 */
export function spawnWebKernelWorker(init: KernelWorkerInit): KernelWorker {
  // The literal `new Worker(new URL('./…', import.meta.url))` is what bundlers look for.
  const worker = new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module', name: 'platypus-gemm' });
  worker.postMessage(init);
  return worker;
}
