/**
 * Two-thread GEMM: the calling thread and one worker each compute a block of rows of C, on one
 * packed copy of B, in one shared memory. They talk through a control block of 16 int32 in that
 * memory (no messages per call): the caller writes the job and bumps SEQ; the worker computes and
 * sets DONE = SEQ. Each side spins briefly, then sleeps in Atomics.wait.
 * Uses no Node API: how a worker is started is the caller's (see node-threads.ts for Node).
 */
import type { KernelExports } from './backend.js';
import { webAssembly, type WasmMemory, type WasmModule } from './wasm-api.js';

/** int32 slots of the control block. */
const SEQ = 0; // job number, bumped by the caller to start a job (or to stop)
const DONE = 1; // job number the worker finished last
const READY = 2; // 1 once the worker has its instance
const STOP = 3; // 1: the worker returns at the next SEQ bump
const FAILED = 4; // 1: the last job threw in the worker
const M0 = 5;
const M1 = 6;
const N = 7;
const K = 8;
const A = 9;
const TRANS_A = 10;
const LDA = 11;
const PACKED_B = 12;
const C = 13;
const ACCUMULATE = 14;

/** Bytes of the control block. */
export const CONTROL_BYTES = 64;

/** Checks of a flag before sleeping on it: tens of microseconds, short next to a GEMM worth splitting. */
const SPINS = 20000;

/** What a thread needs to run kernels on the shared memory. Structured-cloneable. */
export interface KernelWorkerInit {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte address of the control block. */
  control: number;
  /** Byte address of this worker's gemmWorkBytes() of workspace. */
  work: number;
}

/** A started worker thread, as far as the kernels need it. */
export interface KernelWorker {
  terminate(): unknown;
}

/**
 * Starts a thread that calls `runKernelWorker(init)`. In Node: `spawnNodeKernelWorker`
 * (node-threads.ts); in a browser: a module Worker whose onmessage calls runKernelWorker(data).
 */
export type SpawnKernelWorker = (init: KernelWorkerInit) => KernelWorker;

/** One job: rows [m0, m1) of C, the other arguments as gemmRows takes them. */
export interface RowsJob {
  m0: number;
  m1: number;
  n: number;
  k: number;
  a: number;
  transA: number;
  lda: number;
  packedB: number;
  c: number;
  accumulate: number;
}

function control(memory: WasmMemory, address: number): Int32Array {
  return new Int32Array(memory.buffer, address, CONTROL_BYTES / 4);
}

/** Waits until ctl[index] !== value; returns the new value. */
function waitWhileEquals(ctl: Int32Array, index: number, value: number, canBlock: boolean): number {
  for (let i = 0; i < SPINS; i++) {
    const now = Atomics.load(ctl, index);
    if (now !== value) return now;
  }
  for (;;) {
    const now = Atomics.load(ctl, index);
    if (now !== value) return now;
    if (canBlock) Atomics.wait(ctl, index, value, 100);
  }
}

/** The worker's side: instantiate, say READY, then run jobs until told to stop. Blocks its thread. */
export function runKernelWorker(init: KernelWorkerInit): void {
  const api = webAssembly();
  if (api === undefined) throw new Error('runKernelWorker: no WebAssembly in this worker');
  const exports = new api.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as KernelExports;
  const ctl = control(init.memory, init.control);
  Atomics.store(ctl, READY, 1);
  Atomics.notify(ctl, READY);
  let seen = Atomics.load(ctl, SEQ);
  for (;;) {
    seen = waitWhileEquals(ctl, SEQ, seen, true);
    if (Atomics.load(ctl, STOP) !== 0) return;
    try {
      exports.gemmRows(
        ctl[M0]!, ctl[M1]!, ctl[N]!, ctl[K]!, ctl[A]!, ctl[TRANS_A]!, ctl[LDA]!, ctl[PACKED_B]!, ctl[C]!,
        ctl[ACCUMULATE]!, init.work,
      );
    } catch {
      Atomics.store(ctl, FAILED, 1);
    }
    Atomics.store(ctl, DONE, seen);
    Atomics.notify(ctl, DONE);
  }
}

/** The calling thread's side: one helper worker. */
export class RowsHelper {
  private readonly ctl: Int32Array;
  private readonly worker: KernelWorker;
  /** Atomics.wait is not allowed on a browser's main thread: spin there instead. */
  private canBlock = true;
  private running = false;

  private constructor(ctl: Int32Array, worker: KernelWorker) {
    this.ctl = ctl;
    this.worker = worker;
  }

  /** Starts the worker and resolves once it has instantiated the module. */
  static async start(init: KernelWorkerInit, spawn: SpawnKernelWorker, timeoutMs = 10000): Promise<RowsHelper> {
    const ctl = control(init.memory, init.control);
    ctl.fill(0);
    const worker = spawn(init);
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(ctl, READY) === 0) {
      if (Date.now() > deadline) {
        worker.terminate();
        throw new Error('loadWasmKernels: the GEMM worker did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return new RowsHelper(ctl, worker);
  }

  /** Hands a job to the worker; `finish()` waits for it. */
  begin(job: RowsJob): void {
    const ctl = this.ctl;
    ctl[M0] = job.m0;
    ctl[M1] = job.m1;
    ctl[N] = job.n;
    ctl[K] = job.k;
    ctl[A] = job.a;
    ctl[TRANS_A] = job.transA;
    ctl[LDA] = job.lda;
    ctl[PACKED_B] = job.packedB;
    ctl[C] = job.c;
    ctl[ACCUMULATE] = job.accumulate;
    Atomics.store(ctl, FAILED, 0);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    this.running = true;
  }

  /** Waits for the job begun last; throws if it failed in the worker. */
  finish(): void {
    if (!this.running) return;
    this.running = false;
    const seq = Atomics.load(this.ctl, SEQ);
    let done = Atomics.load(this.ctl, DONE);
    while (done !== seq) {
      try {
        done = waitWhileEquals(this.ctl, DONE, done, this.canBlock);
      } catch {
        this.canBlock = false; // a browser main thread
      }
    }
    if (Atomics.load(this.ctl, FAILED) !== 0) throw new Error('gemm: the worker thread failed');
  }

  /** Stops and terminates the worker. */
  stop(): void {
    this.finish();
    Atomics.store(this.ctl, STOP, 1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    this.worker.terminate();
  }
}
