/**
 * Browser worker entry for the two-thread GEMM: started by `spawnWebKernelWorker` (web-threads.ts),
 * which posts it one KernelWorkerInit; it then runs kernels on the shared memory until stopped,
 * blocking its thread in Atomics.wait between jobs. Nothing imports this file; bundlers (Vite)
 * find it through the `new Worker(new URL(...))` in web-threads.ts.
 */
import { runKernelWorker, type KernelWorkerInit } from './threads.js';

/** The part of a worker's global scope used here (the project's lib has no WebWorker types). */
interface WorkerScope {
  onmessage: ((event: { data: KernelWorkerInit }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => {
  scope.onmessage = null;
  runKernelWorker(event.data);
};
