/**
 * Two threads on one kernel call: the calling thread and one worker each run blocks of the call's items
 * (rows or column panels of a GEMM's C on one packed copy of B, images, rows, elements) through the
 * module's runRange, in one shared memory. They talk through a control block in that memory (no messages
 * per call): the caller writes the call's arguments into the block's argument area (see ranges.ts), the
 * job's kind and size, and bumps SEQ; both threads then claim blocks from an atomic counter until none is
 * left (so a thread slowed by other work on its core simply takes fewer blocks); the worker then sets
 * DONE = SEQ. Whoever settles JOINED for a job
 * first decides whether the worker takes part in it: the worker as it starts on the job, or the
 * caller once it has taken every block itself. So a worker still asleep or descheduled when a small
 * product ends never holds the caller up (on a busy machine that wait cost more than the second
 * thread gained). Each side spins briefly before it sleeps in Atomics.wait, flagging that it sleeps
 * so the other side calls Atomics.notify only then.
 * Uses no Node API: starting the worker is the caller's (node-threads.ts, web-threads.ts).
 */
import type { KernelExports } from './backend.js';
import { webAssembly, type WasmMemory, type WasmModule } from './wasm-api.js';

/** int32 slots of the control block. */
const SEQ = 0; // job number, bumped by the caller to start a job (or to stop)
const DONE = 1; // job number the worker finished last
const READY = 2; // 1 once the worker has its instance
const STOP = 3; // 1: the worker returns at the next SEQ bump
const FAILED = 4; // 1: the last job threw in the worker
const NEXT = 5; // the next block to claim
const KIND = 6; // which kernel (RANGE in ranges.ts)
const ITEMS = 7; // how many items the job has
const BLOCK = 8; // items per block
const SMALL_BLOCK = 9; // items per block at the end of the job (see blockStart)
const WORKER_SLEEPS = 16; // 1 while the worker sleeps in Atomics.wait on SEQ
const CALLER_SLEEPS = 17; // 1 while the caller sleeps in Atomics.wait on DONE
const CAN_WAIT_PROBE = 18; // never written: Atomics.wait on it tells whether this thread may block
const JOINED = 19; // the last job settled: the worker joined it, or the caller closed it to the worker
const ARGS = 20; // byte address of the job's argument area

/**
 * Byte offsets in the control block of the two argument areas runRange reads (see ranges.ts for their
 * slots): one for the calls the caller waits for, one for a job left running in the background while the
 * caller runs other calls of its own.
 */
export const RANGE_ARGS_OFFSET = 128;
export const BACKGROUND_ARGS_OFFSET = 320;
/** Bytes of the control block: the slots above, then the two argument areas (32 int32 and 8 float64 slots each). */
export const CONTROL_BYTES = 512;

/**
 * How long a thread spins on a flag before it sleeps. Waking a sleeping thread costs tens of
 * microseconds here (more in a busy VM); spinning this long keeps the worker awake between the
 * GEMMs of a training step, and bounds the CPU burnt once work stops.
 */
const SPIN_MS = 0.5;
/** A sleeper re-checks its flag this often even if no notify comes (a safety net). */
const SLEEP_MS = 100;

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

/** One kernel call whose arguments are at `args`: `items` cut into blocks of `block` (see blockStart). */
export interface RangeJob {
  kind: number;
  items: number;
  block: number;
  /**
   * Where smaller than `block` (and a divisor of it): the job's last 2·block items go in blocks of this many,
   * so that the thread that runs out of blocks first waits for at most a small one. Default: block.
   */
  smallBlock?: number;
  /** byte address of its argument area */
  args: number;
}

/**
 * Where block `index` of the current job starts (≥ ITEMS: no such block). Blocks of BLOCK items, except that
 * with SMALL_BLOCK < BLOCK the last 2·BLOCK items or so go in blocks of SMALL_BLOCK. A function of the index
 * alone, so both threads claim blocks by one atomic increment and agree on their bounds.
 */
function blockStart(ctl: Int32Array, index: number): number {
  const block = ctl[BLOCK]!;
  const whole = wholeBlocks(ctl);
  return index < whole ? index * block : whole * block + (index - whole) * ctl[SMALL_BLOCK]!;
}

/** Where the block starting at `start` (from blockStart) ends. */
function blockEnd(ctl: Int32Array, start: number): number {
  const block = ctl[BLOCK]!;
  return Math.min(ctl[ITEMS]!, start + (start < wholeBlocks(ctl) * block ? block : ctl[SMALL_BLOCK]!));
}

/** How many blocks of BLOCK items come before the small ones. */
function wholeBlocks(ctl: Int32Array): number {
  const block = ctl[BLOCK]!;
  return ctl[SMALL_BLOCK]! >= block ? 0 : Math.max(0, Math.floor((ctl[ITEMS]! - 2 * block) / block));
}

function control(memory: WasmMemory, address: number): Int32Array {
  return new Int32Array(memory.buffer, address, CONTROL_BYTES / 4);
}

/**
 * Waits until ctl[index] !== value and returns the new value: spins for SPIN_MS, then (where this
 * thread may block) sleeps in Atomics.wait with ctl[sleeps] = 1 so the writer knows to notify.
 */
function waitWhileEquals(ctl: Int32Array, index: number, value: number, sleeps: number, canBlock: boolean): number {
  const start = performance.now();
  for (let spins = 1; ; spins++) {
    const now = Atomics.load(ctl, index);
    if (now !== value) return now;
    if (canBlock && (spins & 255) === 0 && performance.now() - start > SPIN_MS) {
      Atomics.store(ctl, sleeps, 1);
      Atomics.wait(ctl, index, value, SLEEP_MS);
      Atomics.store(ctl, sleeps, 0);
    }
  }
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
function canBlock(ctl: Int32Array): boolean {
  try {
    Atomics.wait(ctl, CAN_WAIT_PROBE, 1, 0); // returns 'not-equal' at once where allowed
    return true;
  } catch {
    return false;
  }
}

/** Sets ctl[index] = value, waking the other thread if it sleeps on it. */
function publish(ctl: Int32Array, index: number, value: number, sleeps: number): void {
  Atomics.store(ctl, index, value);
  if (Atomics.load(ctl, sleeps) !== 0) Atomics.notify(ctl, index);
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
    seen = waitWhileEquals(ctl, SEQ, seen, WORKER_SLEEPS, true);
    if (Atomics.load(ctl, STOP) !== 0) return;
    // Too late: the caller already took every block and closed the job (it does not wait for this thread).
    if (Atomics.compareExchange(ctl, JOINED, seen - 1, seen) !== seen - 1) continue;
    try {
      const kind = ctl[KIND]!;
      const items = ctl[ITEMS]!;
      const args = ctl[ARGS]!;
      for (let i0 = blockStart(ctl, Atomics.add(ctl, NEXT, 1)); i0 < items; i0 = blockStart(ctl, Atomics.add(ctl, NEXT, 1))) {
        exports.runRange(kind, args, i0, blockEnd(ctl, i0), init.work);
      }
    } catch {
      Atomics.store(ctl, FAILED, 1);
    }
    publish(ctl, DONE, seen, CALLER_SLEEPS);
  }
}

/** The calling thread's side: one helper worker. */
export class HelperThread {
  private readonly ctl: Int32Array;
  private readonly worker: KernelWorker;
  /** Atomics.wait is not allowed on a browser's main thread: spin there instead. */
  private readonly canBlock: boolean;
  private running = false;

  private constructor(ctl: Int32Array, worker: KernelWorker) {
    this.ctl = ctl;
    this.worker = worker;
    this.canBlock = canBlock(ctl);
  }

  /** Starts the worker and resolves once it has instantiated the module. */
  static async start(init: KernelWorkerInit, spawn: SpawnKernelWorker, timeoutMs = 10000): Promise<HelperThread> {
    const ctl = control(init.memory, init.control);
    ctl.fill(0);
    const worker = spawn(init);
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(ctl, READY) === 0) {
      if (Date.now() > deadline) {
        worker.terminate();
        throw new Error('loadWasmKernels: the kernel worker did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return new HelperThread(ctl, worker);
  }

  /**
   * Hands a job to the worker (its arguments already at job.args); the caller then takes blocks with
   * `claim()` (or runs other work, leaving the blocks to the worker); `finish()` waits.
   */
  begin(job: RangeJob): void {
    const ctl = this.ctl;
    ctl[KIND] = job.kind;
    ctl[ITEMS] = job.items;
    ctl[BLOCK] = job.block;
    ctl[SMALL_BLOCK] = Math.min(job.smallBlock ?? job.block, job.block);
    ctl[ARGS] = job.args;
    ctl[NEXT] = 0;
    Atomics.store(ctl, FAILED, 0);
    publish(ctl, SEQ, ctl[SEQ]! + 1, WORKER_SLEEPS);
    this.running = true;
  }

  /** The first item of the next block of the current job nobody has taken, or -1 when all are taken. */
  claim(): number {
    const i0 = blockStart(this.ctl, Atomics.add(this.ctl, NEXT, 1));
    return i0 < this.ctl[ITEMS]! ? i0 : -1;
  }

  /** Where the block that claim() returned `i0` for ends. */
  blockEnd(i0: number): number {
    return blockEnd(this.ctl, i0);
  }

  /**
   * Waits for the worker's part of the job begun last; throws if it failed there. Called once the caller
   * claims no more blocks: if the worker has not joined the job by then (it is asleep or descheduled), the
   * caller has computed every block itself and closes the job to the worker instead of waiting for it.
   */
  finish(): void {
    if (!this.running) return;
    this.running = false;
    const seq = Atomics.load(this.ctl, SEQ);
    if (Atomics.compareExchange(this.ctl, JOINED, seq - 1, seq) === seq - 1) return;
    let done = Atomics.load(this.ctl, DONE);
    while (done !== seq) done = waitWhileEquals(this.ctl, DONE, done, CALLER_SLEEPS, this.canBlock);
    if (Atomics.load(this.ctl, FAILED) !== 0) throw new Error('wasm kernels: the worker thread failed');
  }

  /** Stops and terminates the worker. */
  stop(): void {
    this.finish();
    Atomics.store(this.ctl, STOP, 1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ); // whether or not the worker sleeps
    this.worker.terminate();
  }
}
