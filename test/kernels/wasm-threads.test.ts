import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type { GemmEpilogue, GemmSpec } from '../../src/kernels/types.js';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { enableRelaxedSimdInNode } from '../../src/kernels/wasm/node-flags.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import type { KernelWorker, KernelWorkerInit } from '../../src/kernels/wasm/threads.js';
import { TestRng } from './wasm-helpers.js';

/**
 * m·k·n: below the 1 MFLOP split threshold, just above it, odd row counts, the small-n path, short wide
 * products (shared by columns) and deep narrow ones (two half-depth products). Row-shared products end in
 * smaller blocks: of 4 rows where packed B is small (257·129·129: an odd last block), of 8 where it is not
 * (160·1100·130).
 */
const SHAPES: Array<[number, number, number]> = [
  [8, 8, 8],
  [9, 300, 200],
  [101, 257, 33],
  [257, 129, 129],
  [160, 1100, 130],
  [256, 785, 10],
  [130, 100, 300],
  [60, 200, 131],
  [64, 1568, 128],
  [9, 4100, 16],
  [5, 3001, 20],
];

for (const relaxedSimd of enableRelaxedSimdInNode() ? [false, true] : [false]) {
  test(`two-thread gemm gives the same bits as one thread (${relaxedSimd ? 'relaxed' : 'plain'} SIMD)`, async () => {
    const one = await loadWasmKernels({ relaxedSimd, threads: 1 });
    const two = await loadWasmKernels({ relaxedSimd, threads: 2, spawnWorker: spawnNodeKernelWorker });
    try {
      assert.equal(two.threads, 2);
      const rng = new TestRng(11);
      for (const [m, k, n] of SHAPES) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            for (const accumulate of [false, true]) {
              const spec: GemmSpec = { m, n, k, transA, transB, accumulate };
              const a = rng.fill(new Float32Array(m * k));
              const b = rng.fill(new Float32Array(k * n));
              const c0 = rng.fill(new Float32Array(m * n));
              const expected = c0.slice();
              one.gemm(spec, a, b, expected);
              // Outside the memory (copied) and inside (in place).
              const outside = c0.slice();
              two.gemm(spec, a, b, outside);
              assert.deepEqual(outside, expected, `${m}·${k}·${n} ${JSON.stringify(spec)} copied`);
              const mark = two.arena.mark();
              const [ai, bi, ci] = [a, b, c0].map((x) => {
                const view = two.arena.allocFloat32(x.length);
                view.set(x);
                return view;
              });
              two.gemm(spec, ai!, bi!, ci!);
              assert.deepEqual(ci, expected, `${m}·${k}·${n} ${JSON.stringify(spec)} in place`);
              two.arena.release(mark);
            }
          }
        }
      }
    } finally {
      two.dispose();
    }
    assert.equal(two.threads, 1, 'after dispose gemm runs on one thread');
    const c = new Float32Array(4);
    two.gemm({ m: 2, n: 2, k: 1 }, new Float32Array([1, 2]), new Float32Array([3, 4]), c);
    assert.deepEqual(c, new Float32Array([3, 4, 6, 8]));
  });
}

/** What an epilogue can be: the bias alone, an activation alone, or both. */
const EPILOGUES: Array<(bias: Float32Array) => GemmEpilogue> = [
  (bias) => ({ bias }),
  () => ({ activation: 'sigmoid' }),
  () => ({ activation: 'relu' }),
  (bias) => ({ bias, activation: 'sigmoid' }),
  (bias) => ({ bias, activation: 'relu' }),
];

test('two-thread gemm with an epilogue (bias, sigmoid, relu) gives the same bits as one thread, copied and in place', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const two = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  try {
    const rng = new TestRng(13);
    // SHAPES, the epilogue alone on a matrix big enough to share (k = 0), and a deep product whose epilogue
    // runs after its two halves, shared by rows.
    for (const [m, k, n] of [...SHAPES, [257, 0, 129], [184, 2048, 184]] as Array<[number, number, number]>) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true]] as const) {
        for (const accumulate of [false, true]) {
          const spec: GemmSpec = { m, n, k, transA, transB, accumulate };
          const a = rng.fill(new Float32Array(m * k));
          const b = rng.fill(new Float32Array(k * n));
          const c0 = rng.fill(new Float32Array(m * n), 3);
          const epilogue = EPILOGUES[(m + k + n + (transA ? 1 : 0) + (transB ? 2 : 0) + (accumulate ? 3 : 0)) % EPILOGUES.length]!(rng.fill(new Float32Array(n), 3));
          const what = `${m}·${k}·${n} ${JSON.stringify(spec)} ${epilogue.bias ? 'bias ' : ''}${epilogue.activation ?? ''}`;
          const expected = c0.slice();
          one.gemm(spec, a, b, expected, epilogue);
          const outside = c0.slice();
          two.gemm(spec, a, b, outside, epilogue);
          assert.deepEqual(outside, expected, `${what} copied`);
          const mark = two.arena.mark();
          const [ai, bi, ci, biasIn] = [a, b, c0, epilogue.bias ?? new Float32Array(0)].map((x) => {
            const view = two.arena.allocFloat32(x.length);
            view.set(x as Float32Array);
            return view;
          });
          two.gemm(spec, ai!, bi!, ci!, epilogue.bias ? { ...epilogue, bias: biasIn! } : epilogue);
          assert.deepEqual(ci, expected, `${what} in place`);
          two.arena.release(mark);
        }
      }
    }
  } finally {
    two.dispose();
  }
});

/** The products of SHAPES (all transposes) on `kernels`, in order, from the same random inputs. */
function products(kernels: { gemm(spec: GemmSpec, a: Float32Array, b: Float32Array, c: Float32Array): void }): Float32Array[] {
  const rng = new TestRng(5);
  const out: Float32Array[] = [];
  for (const [m, k, n] of SHAPES) {
    for (const transA of [false, true]) {
      const spec: GemmSpec = { m, n, k, transA, transB: !transA, accumulate: transA };
      const a = rng.fill(new Float32Array(m * k));
      const b = rng.fill(new Float32Array(k * n));
      const c = rng.fill(new Float32Array(m * n));
      kernels.gemm(spec, a, b, c);
      out.push(c);
    }
  }
  return out;
}

test('a helper thread that is not scheduled does not hold the caller up; one that starts late joins the next jobs', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const expected = products(one);
  // Ready (as the control block tells) but never running: the caller must compute every block and not wait.
  const READY_SLOT = 2;
  const asleep = (init: KernelWorkerInit): KernelWorker => {
    Atomics.store(new Int32Array(init.memory.buffer, init.control, 32), READY_SLOT, 1);
    return { terminate: () => undefined };
  };
  const alone = await loadWasmKernels({ threads: 2, spawnWorker: asleep });
  assert.deepEqual(products(alone), expected);
  alone.dispose();
  // A real helper that starts only after the first jobs were closed to it: it joins the jobs after that.
  let pending: KernelWorkerInit | undefined;
  let worker: KernelWorker | undefined;
  const later = (init: KernelWorkerInit): KernelWorker => {
    Atomics.store(new Int32Array(init.memory.buffer, init.control, 32), READY_SLOT, 1);
    pending = init;
    return { terminate: () => worker?.terminate() };
  };
  const shared = await loadWasmKernels({ threads: 2, spawnWorker: later });
  try {
    assert.deepEqual(products(shared), expected);
    const started = spawnNodeKernelWorker(pending!) as Worker;
    worker = started;
    started.ref(); // (it is unref'd: keep the test alive until it runs)
    await new Promise<void>((online) => started.once('online', online));
    started.unref();
    // Its heap is capped (peak memory), and the cap leaves it room to run the products below.
    assert.equal(started.resourceLimits?.maxYoungGenerationSizeMb, 1);
    assert.equal(started.resourceLimits?.maxOldGenerationSizeMb, 16);
    for (let i = 0; i < 3; i++) assert.deepEqual(products(shared), expected);
  } finally {
    shared.dispose();
  }
});

test('threads = 2 needs a way to start the worker and a shared memory', async () => {
  await assert.rejects(loadWasmKernels({ threads: 2 }), /spawnWorker/);
  await assert.rejects(
    loadWasmKernels({ threads: 2, sharedMemory: false, spawnWorker: spawnNodeKernelWorker }),
    /shared memory/,
  );
});
