import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import { allocateForKernels, releaseForKernels, useKernels } from '../../src/tensor/backend.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import { Dense } from '../../src/nn/dense.js';
import { Scratch } from '../../src/nn/scratch.js';
import { Rng } from '../../src/tensor/rng.js';
import { Momentum } from '../../src/optim/momentum.js';
import { Sgd } from '../../src/optim/sgd.js';
import { DenseFeatures } from '../../src/data/features.js';
import { oneHot } from '../../src/data/oneHot.js';
import { multilayerPerceptron } from '../../src/nn/build.js';
import { softmaxCrossEntropyLoss } from '../../src/nn/losses.js';
import { fit } from '../../src/train/fit.js';

/** A full garbage collection (the flag is set for this process; `gc` then exists in new contexts). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Collects garbage and lets the FinalizationRegistry callbacks run, until `done()` or a few rounds. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 50 && !done(); round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('long-lived arrays: zeroed, aligned, in the memory; freed blocks merge with their neighbours and are reused', async () => {
  const { arena } = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 4 << 20 });
  const a = arena.longLivedFloat32(10)!;
  const b = arena.longLivedFloat32(100)!;
  const c = arena.longLivedFloat32(3)!;
  for (const x of [a, b, c]) {
    assert.ok(arena.owns(x));
    assert.equal(x.byteOffset % 64, 0);
    assert.deepEqual(x, new Float32Array(x.length));
  }
  assert.equal(b.byteOffset, a.byteOffset + 64, 'sizes round up to 64 bytes');
  assert.equal(c.byteOffset, b.byteOffset + 448);
  assert.equal(arena.bytesInUse, 64 + 448 + 64);
  a.fill(1);
  b.fill(2);
  // Free a and b: one gap of 512 bytes below c. A 500-byte request fits it exactly at a's address.
  assert.equal(arena.free(a), true);
  assert.equal(arena.free(b), true);
  assert.equal(arena.free(b), false, 'a second free does nothing');
  assert.equal(arena.bytesInUse, 64);
  const d = arena.longLivedFloat32(125)!;
  assert.equal(d.byteOffset, a.byteOffset, 'the merged gap is reused from its start');
  assert.deepEqual(d, new Float32Array(125), 'and zeroed');
  // Freeing the top block lowers the top: the next block goes where c was.
  const top = c.byteOffset;
  arena.free(c);
  const e = arena.longLivedFloat32(1000)!;
  assert.equal(e.byteOffset, top);
  arena.free(d);
  arena.free(e);
  assert.equal(arena.bytesInUse, 0);
  // Only this arena's own long-lived arrays are freed.
  assert.equal(arena.free(new Float32Array(4)), false);
  const mark = arena.mark();
  const s = arena.allocFloat32(8);
  assert.equal(arena.free(s), false, 'scratch is freed by release, not free');
  arena.release(mark);
  assert.equal(arena.bytesInUse, 0);
});

test('scratch and long-lived blocks share the memory: release frees only scratch, in stack order', async () => {
  const { arena } = await loadWasmKernels({ sharedMemory: true, initialMemoryBytes: 1 << 20, maximumMemoryBytes: 8 << 20 });
  const mark = arena.mark();
  const s1 = arena.allocFloat32(100);
  const kept = arena.longLivedFloat32(100)!;
  const s2 = arena.allocFloat32(100);
  assert.ok(s1.byteOffset < kept.byteOffset && kept.byteOffset < s2.byteOffset);
  kept.fill(5);
  arena.release(mark);
  assert.equal(arena.bytesInUse, 448, 'the long-lived block stays');
  assert.deepEqual(kept, new Float32Array(100).fill(5));
  const again = arena.allocFloat32(100);
  assert.equal(again.byteOffset, s1.byteOffset, 'the gap below the long-lived block is reused');
  assert.throws(() => arena.release(arena.mark() + 1), RangeError);
  arena.release(mark);
  arena.free(kept);
  assert.equal(arena.bytesInUse, 0);
});

test('a full memory: long-lived arrays return undefined (keeping the reserve for scratch), scratch throws', async () => {
  for (const sharedMemory of [false, true]) {
    const kernels = await loadWasmKernels({ sharedMemory, initialMemoryBytes: 1 << 20, maximumMemoryBytes: 4 << 20 });
    const { arena } = kernels;
    assert.equal(arena.reserveBytes, (4 << 20) / 8);
    const blocks: Float32Array[] = [];
    for (;;) {
      const x = arena.longLivedFloat32(16384); // 64 KiB
      if (x === undefined) break;
      blocks.push(x);
    }
    assert.ok(blocks.length > 40 && blocks.length < 64, `${blocks.length} blocks of 64 KiB in 4 MiB`);
    assert.equal(kernels.allocateBuffer(16384), undefined);
    // The reserve still serves the scratch of a call on arrays outside the memory.
    const x = new Float32Array(50000).fill(-1);
    kernels.relu(x, x);
    assert.deepEqual(x, new Float32Array(50000));
    assert.throws(() => arena.allocBytes(8 << 20), /out of memory/);
    // A freed block is found again.
    arena.free(blocks.pop()!);
    assert.ok(arena.longLivedFloat32(16384) !== undefined);
  }
});

test('allocateForKernels falls back to plain arrays when the kernels have no room, and for float64', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 2 << 20 });
  useKernels(kernels);
  try {
    const inside = allocateForKernels(1000, 'float32');
    assert.ok(kernels.arena.owns(inside));
    const big = allocateForKernels(1 << 20, 'float32'); // 4 MiB: more than the memory holds
    assert.ok(big instanceof Float32Array && !kernels.arena.owns(big) && big.length === 1 << 20);
    const f64 = allocateForKernels(10, 'float64');
    assert.ok(f64 instanceof Float64Array);
    const used = kernels.arena.bytesInUse;
    releaseForKernels(inside);
    assert.equal(kernels.arena.bytesInUse, used - 4032);
    releaseForKernels(big); // plain arrays: nothing to do
    useKernels(jsKernels);
    const plain = allocateForKernels(10, 'float32');
    assert.ok(!kernels.arena.owns(plain), 'the portable kernels have no memory of their own');
  } finally {
    useKernels(jsKernels);
  }
});

test('layers, optimizer state and scratch buffers live in the memory; Scratch gives its old block back when it grows', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: true, initialMemoryBytes: 1 << 20, maximumMemoryBytes: 16 << 20 });
  useKernels(kernels);
  try {
    const dense = new Dense({ inputs: 30, units: 20, rng: new Rng(1) });
    for (const p of dense.parameters()) {
      assert.ok(kernels.arena.owns(p.value.data) && kernels.arena.owns(p.grad.data), p.name);
    }
    // Momentum's velocities: one slot per parameter, 30×20 and 20 floats (2432 + 128 bytes in blocks).
    const beforeStep = kernels.arena.bytesInUse;
    new Momentum({ learningRate: 0.1 }).step(dense.parameters());
    assert.equal(kernels.arena.bytesInUse, beforeStep + 2432 + 128);
    const z = dense.forward(new Scratch().tensor([64, 30], 'float32'));
    assert.ok(kernels.arena.owns(z.data), 'a layer writes its output into the memory');
    const scratch = new Scratch();
    const before = kernels.arena.bytesInUse;
    for (const rows of [8, 16, 64, 256, 1024]) {
      const t = scratch.tensor([rows, 100], 'float32');
      assert.ok(kernels.arena.owns(t.data));
      assert.equal(kernels.arena.bytesInUse, before + rows * 400, `only the latest block is kept (${rows} rows)`);
    }
  } finally {
    useKernels(jsKernels);
  }
});

test('blocks of arrays that became garbage come back, so thousands of networks fit in a small memory', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 8 << 20 });
  useKernels(kernels);
  try {
    const arena = kernels.arena;
    const baseline = arena.bytesInUse;
    // A layer made and dropped (in a function of its own, so no frame keeps it): 1 if its weights were inside.
    const layer = (seed: number): number => {
      // 2 × 100 × 100 floats of weights and gradients: 80 KB a layer, 160 MB for all of them.
      const dense = new Dense({ inputs: 100, units: 100, rng: new Rng(seed) });
      return arena.owns(dense.weights.value.data) ? 1 : 0;
    };
    let inside = 0;
    for (let i = 0; i < 2000; i++) {
      inside += layer(i);
      // Let the collector run now and then, as a test suite's awaits do.
      if (i % 100 === 99) await collectUntil(() => arena.bytesInUse === baseline);
    }
    assert.ok(inside > 1000, `${inside} of 2000 layers had their parameters in the memory`);
    await collectUntil(() => arena.bytesInUse === baseline);
    assert.equal(arena.bytesInUse, baseline, 'every collected layer gave its blocks back');
  } finally {
    useKernels(jsKernels);
  }
});

test('a synchronous training run (with validation) gives its batch buffers back when it ends', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: true, initialMemoryBytes: 1 << 20, maximumMemoryBytes: 64 << 20 });
  useKernels(kernels);
  try {
    const rng = new Rng(3);
    const rows = 300;
    const bytes = Uint8Array.from({ length: rows * 50 }, () => rng.int(256));
    const features = new DenseFeatures(bytes, rows, 50);
    const targets = oneHot(Array.from({ length: rows }, (_, i) => i % 3), 3);
    const network = multilayerPerceptron({ inputs: 50, hidden: [20], outputs: 3, activation: 'sigmoid', loss: softmaxCrossEntropyLoss, rng, init: 'book', dtype: 'float32' });
    const run = (): void => {
      fit(network, { features, targets }, {
        epochs: 2, batchSize: 64, rng, optimizer: new Sgd({ learningRate: 0.1 }), dtype: 'float32',
        validation: { features, targets },
      });
    };
    run();
    const after = kernels.arena.bytesInUse;
    // Batches of 64 rows × 50 inputs and 300-row validation batches: 12.8 KB and 60 KB a run if kept.
    for (let i = 0; i < 5; i++) run();
    assert.equal(kernels.arena.bytesInUse, after, 'nothing piles up from run to run');
  } finally {
    useKernels(jsKernels);
  }
});

test('the row numbers of a prefetch keep their block through garbage collections: no array made later shares it', async () => {
  const kernels = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker, initialMemoryBytes: 1 << 20, maximumMemoryBytes: 16 << 20 });
  try {
    const arena = kernels.arena;
    const cols = 16;
    const x = kernels.allocateBytes(50 * cols)!;
    for (let i = 0; i < x.length; i++) x[i] = (i * 7) & 255;
    const indices = Int32Array.from({ length: 100 }, (_, i) => (i * 7) % 50);
    const expected = new Float32Array(100 * cols);
    jsKernels.gatherBytes(x, cols, indices, expected);
    const out = kernels.allocateBuffer(100 * cols)!;
    kernels.prefetchBytes!(x, cols, indices, out);
    kernels.settle!();
    assert.deepEqual(out, expected);
    // The kernels keep the block of row numbers for the next prefetch: collections must not free it.
    const used = arena.bytesInUse;
    await collectUntil(() => arena.bytesInUse < used);
    assert.equal(arena.bytesInUse, used, 'nothing of the kernels\' own was freed');
    // Were it freed, a new array would be placed there and the next prefetch would write row numbers into it.
    const later = kernels.allocateBuffer(100)!.fill(-7);
    out.fill(0);
    kernels.prefetchBytes!(x, cols, indices, out);
    kernels.settle!();
    assert.deepEqual(out, expected);
    assert.ok(later.every((v) => v === -7), 'an array allocated after the collections is left alone');
  } finally {
    kernels.dispose();
  }
});

test('data-set bytes in the memory: a subarray keeps its block alive after the array it was cut from is gone', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 8 << 20 });
  const arena = kernels.arena;
  const baseline = arena.bytesInUse;
  // Made in a function of its own, so that no frame keeps the whole array.
  const cut = (): Uint8Array => {
    const whole = kernels.allocateBytes(1000)!;
    assert.ok(arena.owns(whole));
    assert.ok(whole.every((v) => v === 0), 'zeroed');
    whole.fill(7);
    return whole.subarray(100, 900).subarray(10, 20);
  };
  let part: Uint8Array | undefined = cut();
  await collectUntil(() => arena.bytesInUse === baseline);
  assert.equal(arena.bytesInUse, baseline + 1024, 'the block stays while a subarray of a subarray lives');
  // Scratch reusing a freed block would overwrite the 7s.
  const mark = arena.mark();
  arena.allocFloat32(2000).fill(-1);
  arena.release(mark);
  assert.deepEqual(Array.from(part), new Array(10).fill(7));
  part = undefined;
  await collectUntil(() => arena.bytesInUse === baseline);
  assert.equal(arena.bytesInUse, baseline, 'and comes back once nothing reaches it');
  assert.equal(kernels.allocateBytes(64 << 20), undefined, 'too big for the memory: undefined (callers use a plain array)');
});

test('parseIdx with allocateBytesForKernels reads the images into the kernels\' memory; the features gather in place', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 8 << 20 });
  useKernels(kernels);
  try {
    const { gzipSync } = await import('node:zlib');
    const { parseIdx } = await import('../../src/data/parsers/idx.js');
    const { allocateBytesForKernels } = await import('../../src/tensor/backend.js');
    const rows = 30;
    const idx = new Uint8Array(16 + rows * 4);
    new DataView(idx.buffer).setUint32(0, 0x0803);
    new DataView(idx.buffer).setUint32(4, rows);
    new DataView(idx.buffer).setUint32(8, 2);
    new DataView(idx.buffer).setUint32(12, 2);
    for (let i = 16; i < idx.length; i++) idx[i] = (i * 37) & 255;
    for (const input of [idx, new Uint8Array(gzipSync(idx))]) {
      const parsed = parseIdx(input, { source: 'images', allocate: allocateBytesForKernels });
      assert.deepEqual(parsed.dims, [rows, 2, 2]);
      assert.deepEqual(Array.from(parsed.data), Array.from(idx.subarray(16)));
      // A gzipped file decompresses into the memory; plain bytes given as an array are used as they are.
      assert.equal(arena(kernels).owns(parsed.data), input !== idx);
      const features = new DenseFeatures(parsed.data, rows, 4);
      const out = new Float32Array(8);
      features.gather([29, 3], out);
      assert.deepEqual(Array.from(out), [...idx.subarray(16 + 29 * 4, 16 + 30 * 4), ...idx.subarray(16 + 3 * 4, 16 + 4 * 4)]);
    }
  } finally {
    useKernels(jsKernels);
  }
});

function arena(kernels: { arena: { owns(x: ArrayBufferView): boolean } }): { owns(x: ArrayBufferView): boolean } {
  return kernels.arena;
}
