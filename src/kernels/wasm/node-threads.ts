/**
 * Node-only: starts the GEMM helper thread with worker_threads. Pass it as
 * `loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker })`. Nothing in src/ imports
 * this file, so the browser path never loads it.
 */
import { Worker } from 'node:worker_threads';
import type { KernelWorker, KernelWorkerInit } from './threads.js';

/**
 * The worker's JavaScript heap: it only instantiates the module on the shared memory and loops over jobs,
 * allocating next to nothing (~5 MiB used, nearly all Node's own start-up). A young generation of 1 MiB
 * instead of V8's default keeps its heap at ~6 MiB instead of ~8.5 (peak RSS of the training process);
 * the old generation's cap leaves three times what it uses.
 */
const KERNEL_WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 });

/**
 * A worker_threads Worker running node-worker.js with `init` as its workerData, its heap limited to
 * KERNEL_WORKER_LIMITS. It is unref'd: it sleeps in Atomics.wait between jobs and must not keep the
 * process alive.
 */
export function spawnNodeKernelWorker(init: KernelWorkerInit): KernelWorker {
  const worker = new Worker(new URL('./node-worker.js', import.meta.url), { workerData: init, resourceLimits: { ...KERNEL_WORKER_LIMITS } });
  worker.unref();
  return worker;
}
