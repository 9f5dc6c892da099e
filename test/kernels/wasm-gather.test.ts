import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { ColumnScale, FloatArray, GemmSpec } from '../../src/kernels/types.js';
import { loadWasmKernels, type WasmKernels } from '../../src/kernels/wasm/index.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import type { KernelWorker, KernelWorkerInit } from '../../src/kernels/wasm/threads.js';
import { checkIdentical, TestRng, variants } from './wasm-helpers.js';

/** rows of x, columns, rows gathered: one column, odd counts, around the 16-byte vector, many rows (chunks). */
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [5, 1, 9],
  [7, 3, 4],
  [20, 15, 20],
  [20, 16, 33],
  [9, 17, 5],
  [40, 33, 64],
  [30, 100, 31],
  [100, 784, 256],
  [50, 784, 700], // more than one 1 MiB chunk when out is outside the memory
];

function scaleFor(cols: number, rng: TestRng): ColumnScale {
  const shift = new Float64Array(cols);
  const factor = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    shift[j] = rng.next() * 255;
    factor[j] = j % 7 === 0 ? 1 : 1 / (1e-3 + rng.next() * 80);
  }
  return { shift, factor };
}

function bytesIn(kernels: WasmKernels, x: Uint8Array): Uint8Array {
  const block = kernels.arena.allocFloat32(Math.ceil(x.length / 4));
  const view = new Uint8Array(block.buffer, block.byteOffset, x.length);
  view.set(x);
  return view;
}

for (const variant of variants()) {
  test(`wasm gatherBytes gives the portable loops' bits: any shape, indices in any order (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(17);
    for (const [rows, cols, picked] of SHAPES) {
      const x = new Uint8Array(rows * cols);
      for (let i = 0; i < x.length; i++) x[i] = rng.int(0, 255);
      // Out of order and repeated.
      const indices = Int32Array.from({ length: picked }, () => rng.int(0, rows - 1));
      for (const scale of [scaleFor(cols, rng), undefined]) {
        const expected = new Float32Array(picked * cols);
        jsKernels.gatherBytes(x, cols, indices, expected, scale);
        for (const xWhere of ['outside', 'inside'] as const) {
          for (const outWhere of ['outside', 'inside'] as const) {
            const what = `${rows}×${cols} → ${picked} rows, x ${xWhere}, out ${outWhere}, ${scale ? 'scaled' : 'unscaled'}`;
            const mark = kernels.arena.mark();
            const xs = xWhere === 'inside' ? bytesIn(kernels, x) : x;
            const out = outWhere === 'inside' ? kernels.arena.allocFloat32(picked * cols) : new Float32Array(picked * cols);
            out.fill(NaN);
            kernels.gatherBytes(xs, cols, indices, out, scale);
            checkIdentical(out, expected, what);
            kernels.arena.release(mark);
          }
        }
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0, 'scratch is released after each call');
  });
}

test('wasm gatherBytes: plain index arrays, a longer out, float64 out, empty batches, and bad rows refused', async () => {
  const kernels = await loadWasmKernels();
  const rng = new TestRng(5);
  const cols = 21;
  const x = new Uint8Array(6 * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.int(0, 255);
  const scale = scaleFor(cols, rng);
  const indices = [5, 0, 3, 3];
  const expected = new Float32Array(5 * cols).fill(-7);
  jsKernels.gatherBytes(x, cols, indices, expected, scale);
  const out = new Float32Array(5 * cols).fill(-7);
  kernels.gatherBytes(x, cols, indices, out, scale);
  checkIdentical(out, expected, 'a number[] of indices; the last row of out untouched');
  const out64 = new Float64Array(4 * cols);
  kernels.gatherBytes(x, cols, indices, out64, scale);
  for (let j = 0; j < cols; j++) assert.equal(out64[j], (x[5 * cols + j]! - scale.shift[j]!) * scale.factor[j]!);
  kernels.gatherBytes(x, cols, [], new Float32Array(0), scale);
  for (const bad of [6, -1, 1.5, NaN]) {
    assert.throws(() => kernels.gatherBytes(x, cols, [0, bad], new Float32Array(2 * cols), scale), RangeError, String(bad));
  }
  assert.throws(() => kernels.gatherBytes(x, cols, [0, 1], new Float32Array(cols), scale), RangeError, 'out too short');
  assert.equal(kernels.arena.bytesInUse, 0);
});

// --- prefetchBytes: the gather left to the helper thread ---------------------------------------------------

/** Two-thread kernels with a real helper, or with one that is ready but never runs (the caller then does it all). */
const HELPERS = ['a helper thread', 'a helper that never runs'] as const;

async function twoThreads(helper: (typeof HELPERS)[number]): Promise<WasmKernels> {
  if (helper === 'a helper thread') return loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  const READY_SLOT = 2;
  return loadWasmKernels({
    threads: 2,
    spawnWorker: (init: KernelWorkerInit): KernelWorker => {
      Atomics.store(new Int32Array(init.memory.buffer, init.control, 32), READY_SLOT, 1);
      return { terminate: () => undefined };
    },
  });
}

/** A data set of `rows` × `cols` random bytes in the kernels' memory (as a decompressed image set is). */
function dataSet(kernels: WasmKernels, rows: number, cols: number, rng: TestRng): Uint8Array {
  const x = kernels.allocateBytes(rows * cols)!;
  assert.ok(kernels.arena.owns(x));
  for (let i = 0; i < x.length; i++) x[i] = rng.int(0, 255);
  return x;
}

/** A batch buffer in the kernels' memory, filled with a value no gather writes. */
function batchBuffer(kernels: WasmKernels, length: number): Float32Array {
  const out = kernels.allocateBuffer(length)!;
  assert.ok(kernels.arena.owns(out));
  return out.fill(-7);
}

/** The same product on `kernels` and on one-thread kernels: the same bits. */
function checkProduct(kernels: WasmKernels, one: WasmKernels, m: number, k: number, n: number, rng: TestRng, what: string): void {
  const spec: GemmSpec = { m, n, k };
  const a = rng.fill(new Float32Array(m * k));
  const b = rng.fill(new Float32Array(k * n));
  const bias = rng.fill(new Float32Array(n));
  const expected = new Float32Array(m * n);
  one.gemm(spec, a, b, expected, { bias, activation: 'sigmoid' });
  const c = new Float32Array(m * n);
  kernels.gemm(spec, a, b, c, { bias, activation: 'sigmoid' });
  checkIdentical(c, expected, what);
}

/** 2·16·20·30 flops: one thread, which lets the helper start on a call left to it. */
const SMALL: [number, number, number] = [16, 30, 20];
/** 2·200·300·100 flops: shared by rows, so a call left to the helper is settled first. */
const BIG: [number, number, number] = [200, 300, 100];

/**
 * Calls between a prefetch and its settle: none; a small product (the helper starts on the gather); then a big
 * one (shared: the gather is settled first); a big one before the helper has started (it is left for later); and
 * a settle followed by more products.
 */
const ORDERS: Record<string, ReadonlyArray<'small' | 'big' | 'settle'>> = {
  'settle at once': [],
  'a small product': ['small'],
  'a small product, then a big one': ['small', 'big'],
  'a big product, then a small one': ['big', 'small'],
  'a small product, a settle, then both again': ['small', 'settle', 'big', 'small'],
};

for (const helper of HELPERS) {
  test(`prefetchBytes then settle() on two threads (${helper}) gives gatherBytes' bits, with products in between`, async () => {
    const one = await loadWasmKernels({ threads: 1 });
    const kernels = await twoThreads(helper);
    try {
      assert.equal(kernels.threads, 2);
      const rng = new TestRng(61);
      for (const [rows, cols, picked] of [[50, 784, 64], [30, 17, 5], [9, 3, 700], [5, 1, 9]] as const) {
        const x = dataSet(kernels, rows, cols, rng);
        for (const scale of [scaleFor(cols, rng), undefined]) {
          const indices = Int32Array.from({ length: picked }, () => rng.int(0, rows - 1));
          const expected = new Float32Array(picked * cols);
          kernels.gatherBytes(x, cols, indices, expected, scale);
          const reference = new Float32Array(picked * cols);
          jsKernels.gatherBytes(x, cols, indices, reference, scale);
          checkIdentical(expected, reference, 'gatherBytes');
          const what = (s: string) => `${rows}×${cols} → ${picked} rows, ${scale ? 'scaled' : 'unscaled'}: ${s}`;
          const run = (between: string): void => {
            const out = batchBuffer(kernels, picked * cols);
            const rowsCopy = indices.slice();
            kernels.prefetchBytes!(x, cols, rowsCopy, out, scale);
            // The row numbers are read now: the caller may reuse its array at once (the training loop does).
            rowsCopy.fill(0);
            assert.ok(out.every((v) => v === -7), what('nothing runs until this thread runs a call alone'));
            for (const step of ORDERS[between]!) {
              if (step === 'settle') kernels.settle!();
              else checkProduct(kernels, one, ...(step === 'small' ? SMALL : BIG), rng, what(`${step} product after a prefetch (${between})`));
            }
            kernels.settle!();
            checkIdentical(out, expected, what(between));
            kernels.freeBuffer(out);
          };
          for (const between of Object.keys(ORDERS)) run(between);
        }
      }
    } finally {
      kernels.dispose();
    }
  });
}

test('after a prefetch, the first call this thread runs alone hands the gather to the helper, which fills out without a settle', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const kernels = await twoThreads('a helper thread');
  try {
    const rng = new TestRng(79);
    const cols = 784;
    const x = dataSet(kernels, 100, cols, rng);
    const indices = Int32Array.from({ length: 128 }, () => rng.int(0, 99));
    const scale = scaleFor(cols, rng);
    const expected = new Float32Array(indices.length * cols);
    jsKernels.gatherBytes(x, cols, indices, expected, scale);
    const out = batchBuffer(kernels, expected.length).fill(NaN);
    kernels.prefetchBytes!(x, cols, indices, out, scale);
    checkProduct(kernels, one, ...SMALL, rng, 'the call run alone');
    // No settle and no other call from this thread: only the helper can write the rows.
    const nap = new Int32Array(new SharedArrayBuffer(4));
    const deadline = performance.now() + 10_000;
    while (out.some(Number.isNaN) && performance.now() < deadline) Atomics.wait(nap, 0, 0, 1);
    assert.ok(!out.some(Number.isNaN), 'the helper gathered every row in the background');
    kernels.settle!();
    checkIdentical(out, expected, 'gathered by the helper');
  } finally {
    kernels.dispose();
  }
});

test('a second prefetch before settle() settles the first, also when it needs longer argument buffers', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const kernels = await twoThreads('a helper thread');
  try {
    const rng = new TestRng(67);
    const cols = 97;
    const x = dataSet(kernels, 40, cols, rng);
    for (const [first, second] of [[8, 8], [8, 300], [300, 5]] as const) {
      for (const started of [false, true]) {
        const what = `${first} then ${second} rows, the first ${started ? 'started' : 'not started'}`;
        const scale = scaleFor(cols, rng);
        const rowsA = Int32Array.from({ length: first }, () => rng.int(0, 39));
        const rowsB = Int32Array.from({ length: second }, () => rng.int(0, 39));
        const [expectedA, expectedB] = [rowsA, rowsB].map((r) => {
          const out = new Float32Array(r.length * cols);
          jsKernels.gatherBytes(x, cols, r, out, scale);
          return out;
        });
        const outA = batchBuffer(kernels, first * cols);
        const outB = batchBuffer(kernels, second * cols);
        kernels.prefetchBytes!(x, cols, rowsA, outA, scale);
        if (started) checkProduct(kernels, one, ...SMALL, rng, what);
        kernels.prefetchBytes!(x, cols, rowsB, outB, undefined);
        checkIdentical(outA, expectedA!, `${what}: the first is in place once the second is asked for`);
        checkProduct(kernels, one, ...SMALL, rng, what);
        kernels.settle!();
        const unscaled = new Float32Array(second * cols);
        jsKernels.gatherBytes(x, cols, rowsB, unscaled);
        checkIdentical(outB, unscaled, `${what}: the second (unscaled after a scaled one)`);
        assert.notDeepEqual(unscaled, expectedB, 'the scale matters');
        kernels.freeBuffer(outA);
        kernels.freeBuffer(outB);
      }
    }
  } finally {
    kernels.dispose();
  }
});

test('prefetchBytes gathers at once where it cannot leave the gather to a helper: bytes or out outside the memory, float64, one thread', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const two = await twoThreads('a helper thread');
  try {
    const rng = new TestRng(71);
    const cols = 33;
    const bytes = new Uint8Array(20 * cols).map(() => rng.int(0, 255));
    const indices = [19, 0, 7, 7, 3];
    const scale = scaleFor(cols, rng);
    const expected = new Float32Array(indices.length * cols);
    jsKernels.gatherBytes(bytes, cols, indices, expected, scale);
    const expected64 = new Float64Array(indices.length * cols);
    jsKernels.gatherBytes(bytes, cols, indices, expected64, scale);
    const cases: Array<[string, WasmKernels, Uint8Array, FloatArray]> = [
      ['bytes outside the memory', two, bytes, batchBuffer(two, expected.length)],
      ['out outside the memory', two, inMemory(two, bytes), new Float32Array(expected.length).fill(-7)],
      ['float64 out', two, inMemory(two, bytes), new Float64Array(expected.length).fill(-7)],
      ['one thread', one, inMemory(one, bytes), batchBuffer(one, expected.length)],
    ];
    for (const [what, kernels, x, out] of cases) {
      kernels.prefetchBytes!(x, cols, indices, out, scale);
      // Before any settle and any other call: already there.
      if (out instanceof Float64Array) assert.deepEqual(out, expected64, what);
      else checkIdentical(out, expected, what);
      kernels.settle!();
    }
    two.dispose();
    // A disposed helper: one thread from then on.
    const out = batchBuffer(two, expected.length);
    two.prefetchBytes!(inMemory(two, bytes), cols, indices, out, scale);
    checkIdentical(out, expected, 'after dispose');
  } finally {
    two.dispose();
  }
});

test('prefetchBytes refuses a bad row and leaves nothing pending; the prefetch before it is settled', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const kernels = await twoThreads('a helper thread');
  try {
    const rng = new TestRng(73);
    const cols = 21;
    const x = dataSet(kernels, 6, cols, rng);
    const scale = scaleFor(cols, rng);
    for (const bad of [6, -1, 1.5, NaN]) {
      const good = [5, 0, 3];
      const expected = new Float32Array(good.length * cols);
      jsKernels.gatherBytes(x, cols, good, expected, scale);
      const before = batchBuffer(kernels, good.length * cols);
      kernels.prefetchBytes!(x, cols, good, before, scale);
      checkProduct(kernels, one, ...SMALL, rng, 'a product while the good prefetch runs');
      const out = batchBuffer(kernels, 3 * cols);
      assert.throws(() => kernels.prefetchBytes!(x, cols, [0, 1, bad], out, scale), RangeError, String(bad));
      checkIdentical(before, expected, `${bad}: the prefetch before the bad one is in place`);
      // Nothing of the refused one runs, not at settle, nor as the helper's next chance or a shared call.
      kernels.settle!();
      checkProduct(kernels, one, ...SMALL, rng, `${bad}: small product`);
      checkProduct(kernels, one, ...BIG, rng, `${bad}: big product`);
      kernels.settle!();
      assert.ok(out.every((v) => v === -7), `${bad}: out untouched`);
      assert.throws(() => kernels.prefetchBytes!(x, cols, [0, 1], batchBuffer(kernels, cols), scale), RangeError, 'out too short');
      kernels.freeBuffer(before);
      kernels.freeBuffer(out);
    }
    // And the next prefetch works.
    const out = batchBuffer(kernels, 2 * cols);
    kernels.prefetchBytes!(x, cols, [1, 2], out, scale);
    kernels.settle!();
    const expected = new Float32Array(2 * cols);
    jsKernels.gatherBytes(x, cols, [1, 2], expected, scale);
    checkIdentical(out, expected, 'after the refusals');
  } finally {
    kernels.dispose();
  }
});

/** A copy of bytes in the kernels' memory. */
function inMemory(kernels: WasmKernels, bytes: Uint8Array): Uint8Array {
  const x = kernels.allocateBytes(bytes.length)!;
  x.set(bytes);
  return x;
}
