/**
 * Node-only worker entry for the two-thread GEMM: started by `spawnNodeKernelWorker`
 * (node-threads.ts), runs kernels on the shared memory until stopped. Nothing imports this file.
 */
import { workerData } from 'node:worker_threads';
import { runKernelWorker, type KernelWorkerInit } from './threads.js';

runKernelWorker(workerData as KernelWorkerInit);
