/**
 * Node-only: starts the GEMM helper thread with worker_threads. Pass it as
 * `loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker })`. Nothing in src/ imports
 * this file, so the browser path never loads it.
 */
import { Worker } from 'node:worker_threads';
import type { KernelWorker, KernelWorkerInit } from './threads.js';

/**
 * A worker_threads Worker running node-worker.js with `init` as its workerData. It is unref'd:
 * it sleeps in Atomics.wait between jobs and must not keep the process alive.
 */
export function spawnNodeKernelWorker(init: KernelWorkerInit): KernelWorker {
  const worker = new Worker(new URL('./node-worker.js', import.meta.url), { workerData: init });
  worker.unref();
  return worker;
}
