// The kernels that two threads share by blocks (src/kernels/wasm/ranges.ts): on calls big enough to be
// split (products with an epilogue among them), two threads give the bits of one, with the arrays inside the kernels' memory or copied in, and
// with a helper that never runs (the caller then runs every block itself, at its offset).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConvGeometry, Kernels } from '../../src/kernels/types.js';
import { loadWasmKernels, type WasmKernels } from '../../src/kernels/wasm/index.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import { MIN_BLOCK_FLOATS } from '../../src/kernels/wasm/ranges.js';
import type { KernelWorker, KernelWorkerInit } from '../../src/kernels/wasm/threads.js';
import { TestRng } from './wasm-helpers.js';

/** Elements of the elementwise calls: several blocks, and a length that is not a multiple of 4. */
const ELEMENTS = 6 * MIN_BLOCK_FLOATS + 3;
const CONV: ConvGeometry = {
  batch: 41, height: 9, width: 7, channels: 3, kernelSize: 3, stride: 1, padTop: 1, padLeft: 1, outHeight: 9, outWidth: 7,
};
/** One channel (the narrow im2col path), stride 2. */
const CONV_NARROW: ConvGeometry = {
  batch: 150, height: 12, width: 10, channels: 1, kernelSize: 3, stride: 2, padTop: 0, padLeft: 0, outHeight: 6, outWidth: 5,
};
const POOL: ConvGeometry = {
  batch: 300, height: 8, width: 7, channels: 5, kernelSize: 2, stride: 2, padTop: 0, padLeft: 0, outHeight: 4, outWidth: 3,
};

type Outputs = Map<string, Float32Array | Int32Array>;

function imageSize(g: ConvGeometry): number {
  return g.batch * g.height * g.width * g.channels;
}

function colsSize(g: ConvGeometry): number {
  return g.batch * g.outHeight * g.outWidth * g.kernelSize * g.kernelSize * g.channels;
}

/**
 * Every shared kernel on `kernels` from the same seeded inputs; `place` puts an input where the call reads it
 * (a plain array, or the kernels' memory). Returns each output by name.
 */
function runAll(kernels: Kernels, place: <T extends Float32Array>(x: T) => T): Outputs {
  const rng = new TestRng(3);
  const out: Outputs = new Map();
  const random = (n: number, scale = 1): Float32Array => place(rng.fill(new Float32Array(n), scale));
  const empty = (n: number): Float32Array => place(new Float32Array(n));

  for (const [name, g] of [['conv', CONV], ['narrow', CONV_NARROW]] as const) {
    const x = random(imageSize(g));
    const cols = empty(colsSize(g));
    kernels.im2col(x, g, cols);
    out.set(`im2col ${name}`, cols);
    const dx = empty(imageSize(g));
    kernels.col2im(random(colsSize(g)), g, dx);
    out.set(`col2im ${name}`, dx);
  }

  const pooled = POOL.batch * POOL.outHeight * POOL.outWidth * POOL.channels;
  const y = empty(pooled);
  const argmax = new Int32Array(pooled);
  kernels.maxPool(random(imageSize(POOL)), POOL, y, argmax);
  out.set('maxPool', y);
  out.set('maxPool argmax', argmax);
  const dx = empty(imageSize(POOL));
  kernels.maxPoolBackward(random(pooled), argmax, dx, POOL.batch);
  out.set('maxPoolBackward', dx);

  const x = random(ELEMENTS, 4);
  for (const [name, run] of [
    ['relu', (o: Float32Array) => kernels.relu(x, o)],
    ['sigmoid', (o: Float32Array) => kernels.sigmoid(x, o)],
    ['reluBackward', (o: Float32Array) => kernels.reluBackward(x, random(ELEMENTS), o)],
    ['axpy', (o: Float32Array) => kernels.axpy(x, -0.37, random(ELEMENTS), o)],
    ['sigmoidBackward', (o: Float32Array) => kernels.sigmoidBackward(x, random(ELEMENTS), o)],
  ] as const) {
    const o = empty(ELEMENTS);
    run(o);
    out.set(name, o);
  }
  const dy = random(ELEMENTS);
  kernels.sigmoidBackward(random(ELEMENTS), dy, dy);
  out.set('sigmoidBackward dx = dy', dy);

  // Products with an epilogue: shared by rows, by column panels, the epilogue alone (k = 0) shared by rows,
  // and a deep product (two half-depth products) whose epilogue is shared by rows.
  for (const [m, k, n] of [[257, 129, 129], [60, 200, 131], [257, 0, 129], [184, 2048, 184]] as const) {
    for (const activation of ['sigmoid', 'relu'] as const) {
      const c = random(m * n);
      kernels.gemm({ m, n, k, transA: activation === 'relu', accumulate: true }, random(m * k), random(k * n), c, { bias: random(n), activation });
      out.set(`gemm ${m}·${k}·${n} bias+${activation}`, c);
    }
  }

  const rows = 1001;
  const cols = 131;
  const matrix = random(rows * cols);
  const vector = (): Float32Array => random(cols);
  const added = empty(rows * cols);
  kernels.addRowVector(matrix, vector(), rows, cols, added);
  out.set('addRowVector', added);
  const h = empty(rows * cols);
  const affine = empty(rows * cols);
  kernels.columnAffine(matrix, rows, cols, vector(), vector(), vector(), vector(), h, affine);
  out.set('columnAffine h', h);
  out.set('columnAffine', affine);
  const noH = empty(rows * cols);
  kernels.columnAffine(matrix, rows, cols, vector(), vector(), vector(), vector(), undefined, noH);
  out.set('columnAffine without h', noH);
  const combined = empty(rows * cols);
  kernels.columnCombine(matrix, random(rows * cols), rows, cols, vector(), vector(), vector(), combined);
  out.set('columnCombine', combined);

  const w = random(ELEMENTS);
  const m = random(ELEMENTS, 0.1);
  const v = place(rng.fill(new Float32Array(ELEMENTS), 0.01).map(Math.abs));
  kernels.adamStep(w, random(ELEMENTS), m, v, { beta1: 0.9, beta2: 0.999, eta: 0.001, c1: 1 / (1 - 0.9 ** 3), c2: 1 / (1 - 0.999 ** 3), epsilon: 1e-8 });
  out.set('adam w', w);
  out.set('adam m', m);
  out.set('adam v', v);

  const bytes = new Uint8Array(500 * 97);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
  const indices = Array.from({ length: 700 }, () => rng.int(0, 499));
  const scale = { shift: Float64Array.from({ length: 97 }, () => rng.next() * 100), factor: Float64Array.from({ length: 97 }, () => rng.next()) };
  const gathered = empty(700 * 97);
  kernels.gatherBytes(bytes, 97, indices, gathered, scale);
  out.set('gatherBytes', gathered);
  return out;
}

function outside<T extends Float32Array>(x: T): T {
  return x;
}

function inside(kernels: WasmKernels): <T extends Float32Array>(x: T) => T {
  return <T extends Float32Array>(x: T): T => {
    const view = kernels.arena.allocFloat32(x.length);
    view.set(x);
    return view as T;
  };
}

function checkSame(actual: Outputs, expected: Outputs, what: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()]);
  for (const [name, e] of expected) {
    const a = actual.get(name)!;
    let bad = -1;
    for (let i = 0; i < e.length && bad < 0; i++) if (!Object.is(a[i], e[i])) bad = i;
    assert.equal(bad, -1, `${what}: ${name}[${bad}] = ${a[bad]}, expected ${e[bad]}`);
  }
}

test('kernels shared by blocks give one thread\'s bits on two threads, in place and copied', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const expected = runAll(one, outside);
  const two = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  try {
    for (let round = 0; round < 3; round++) {
      checkSame(runAll(two, outside), expected, `copied, round ${round}`);
      const mark = two.arena.mark();
      checkSame(runAll(two, inside(two)), expected, `in place, round ${round}`);
      two.arena.release(mark);
    }
  } finally {
    two.dispose();
  }
});

test('with a helper that never runs, the caller runs every block itself and gets the same bits', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const expected = runAll(one, outside);
  const READY_SLOT = 2;
  const asleep = (init: KernelWorkerInit): KernelWorker => {
    Atomics.store(new Int32Array(init.memory.buffer, init.control, 32), READY_SLOT, 1);
    return { terminate: () => undefined };
  };
  const alone = await loadWasmKernels({ threads: 2, spawnWorker: asleep });
  try {
    checkSame(runAll(alone, outside), expected, 'copied');
    const mark = alone.arena.mark();
    checkSame(runAll(alone, inside(alone)), expected, 'in place');
    alone.arena.release(mark);
  } finally {
    alone.dispose();
  }
});

test('maxPoolBackward splits by images only when dy and dx divide evenly; otherwise one part, as the portable loop', async () => {
  const two = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  try {
    const n = 4 * MIN_BLOCK_FLOATS;
    const dy = new Float32Array(n).fill(1);
    // Every maximum in the first "image": a wrong images count must not drop any of them.
    const argmax = Int32Array.from({ length: n }, (_, i) => i % 7);
    const dx = new Float32Array(n + 1);
    two.maxPoolBackward(dy, argmax, dx, 3); // n + 1 is not a multiple of 3: one part
    assert.equal(dx.slice(0, 7).reduce((s, v) => s + v, 0), n);
  } finally {
    two.dispose();
  }
});
