// The training loop with the next batch gathered on the kernels' helper thread (Features.prefetch, two batch
// buffers): the same parameters, bit for bit, as without it and as on one thread, and a clean stop mid-epoch;
// batch targets built from labels as from their one-hot rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures, type Features, type Scaler } from '../../src/data/features.js';
import { oneHot } from '../../src/data/oneHot.js';
import { RowSubset } from '../../src/data/subset.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { Kernels } from '../../src/kernels/types.js';
import { loadWasmKernels, type WasmKernels } from '../../src/kernels/wasm/index.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import { Activation } from '../../src/nn/activation.js';
import { Dense } from '../../src/nn/dense.js';
import { softmaxCrossEntropyLoss } from '../../src/nn/losses.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Adam } from '../../src/optim/adam.js';
import { useKernels } from '../../src/tensor/backend.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import type { History } from '../../src/train/history.js';

/** 650 rows of 196 bytes: 10 batches of 64 and one of 10; products of 64 × 196 × 128 are shared by two threads. */
const ROWS = 650;
const COLS = 196;
const CLASSES = 4;
const BATCH = 64;
const BATCHES = Math.ceil(ROWS / BATCH);

/** The data set as plain bytes and labels (a class per row, learnable from the first columns). */
function makeData(): { bytes: Uint8Array; labels: number[]; scaler: Scaler } {
  const rng = new Rng(71);
  const bytes = Uint8Array.from({ length: ROWS * COLS }, () => rng.int(256));
  const labels = Array.from({ length: ROWS }, (_, i) => (bytes[i * COLS]! + bytes[i * COLS + 1]!) % CLASSES);
  const shift = Float64Array.from({ length: COLS }, () => 127.5);
  const factor = Float64Array.from({ length: COLS }, (_, j) => 1 / (60 + j));
  return { bytes, labels, scaler: { shift, factor } };
}

/** The bytes in the kernels' memory (as a decompressed image set is), read in place by gatherBytes. */
function inMemory(kernels: WasmKernels, bytes: Uint8Array): Uint8Array {
  const x = kernels.allocateBytes(bytes.length)!;
  assert.ok(kernels.arena.owns(x));
  x.set(bytes);
  return x;
}

/** Features without `prefetch`: every batch is gathered when it is needed. */
function withoutPrefetch(features: Features): Features {
  return {
    rows: features.rows,
    cols: features.cols,
    get: (row, col) => features.get(row, col),
    gather: (indices, out, scaler) => features.gather(indices, out, scaler),
  };
}

/** A network with fused layers (Dense + sigmoid, Dense + relu), made on the kernels in use (its arrays in their memory). */
function network(): Sequential {
  const rng = new Rng(72);
  return new Sequential(
    [
      new Dense({ inputs: COLS, units: 128, rng, init: 'xavier-uniform' }),
      new Activation('sigmoid'),
      new Dense({ inputs: 128, units: 32, rng, init: 'he-normal' }),
      new Activation('relu'),
      new Dense({ inputs: 32, units: CLASSES, rng }),
    ],
    softmaxCrossEntropyLoss,
  );
}

interface Run {
  net: Sequential;
  optimizer: Adam;
  rng: Rng;
}

function startRun(kernels: Kernels): Run {
  useKernels(kernels);
  return { net: network(), optimizer: new Adam({ learningRate: 0.01 }), rng: new Rng(73) };
}

/** Trains `run` on `features` (with the kernels it was made on), continuing where it stopped; `labels`: TrainingData.labels. */
function train(
  kernels: Kernels, run: Run, features: Features, targets: Tensor, scaler: Scaler, options: Partial<FitOptions> = {}, labels?: Int32Array,
): History {
  useKernels(kernels);
  return fit(run.net, { features, targets, scaler, ...(labels ? { labels } : {}) }, {
    epochs: 2, batchSize: BATCH, rng: run.rng, optimizer: run.optimizer, dtype: 'float32', ...options,
  });
}

function parameters(run: Run): Float32Array[] {
  return run.net.parameters().map((p) => Float32Array.from(p.value.data));
}

function sameParameters(actual: Float32Array[], expected: Float32Array[], what: string): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    let bad = -1;
    for (let j = 0; j < a.length && bad < 0; j++) if (!Object.is(a[j], expected[i]![j])) bad = j;
    assert.equal(bad, -1, `${what}: parameter ${i} [${bad}] = ${a[bad]}, expected ${expected[i]![bad]}`);
  });
}

/** Counts the kernels' prefetchBytes calls from now on. */
function countPrefetches(kernels: WasmKernels): { readonly calls: number } {
  const counter = { calls: 0 };
  const prefetch = kernels.prefetchBytes!;
  kernels.prefetchBytes = (...args) => {
    counter.calls++;
    prefetch(...args);
  };
  return counter;
}

test('fit on two threads with the data set in the kernels\' memory (the next batch prefetched) gives the parameters of one thread and of no prefetch, bit for bit', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const two = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  try {
    const { bytes, labels, scaler } = makeData();
    const targets = oneHot(labels, CLASSES);

    const prefetches = countPrefetches(two);
    const twoRun = startRun(two);
    const initial = parameters(twoRun);
    const history = train(two, twoRun, new DenseFeatures(inMemory(two, bytes), ROWS, COLS), targets, scaler);
    assert.equal(prefetches.calls, 2 * (BATCHES - 1), 'every batch but the first of an epoch is prefetched');
    const expected = parameters(twoRun);
    assert.ok(expected.every((p, i) => p.some((v, j) => v !== initial[i]![j])), 'training changed every parameter');
    assert.ok(history.epochs[1]!.loss < history.epochs[0]!.loss, 'and the loss went down');

    const oneRun = startRun(one);
    train(one, oneRun, new DenseFeatures(inMemory(one, bytes), ROWS, COLS), targets, scaler);
    sameParameters(parameters(oneRun), expected, 'one thread');

    const plainRun = startRun(two);
    const before = prefetches.calls;
    train(two, plainRun, withoutPrefetch(new DenseFeatures(inMemory(two, bytes), ROWS, COLS)), targets, scaler);
    assert.equal(prefetches.calls, before, 'features without prefetch are gathered batch by batch');
    sameParameters(parameters(plainRun), expected, 'features without prefetch');

    // The same rows as a subset of a larger set in the memory, in another order: prefetched through the subset.
    const rng = new Rng(74);
    const bigRows = ROWS + 150;
    const big = inMemory(two, Uint8Array.from({ length: bigRows * COLS }, () => rng.int(256)));
    const where = rng.permutation(bigRows).subarray(0, ROWS);
    where.forEach((r, i) => big.set(bytes.subarray(i * COLS, (i + 1) * COLS), r * COLS));
    const subsetRun = startRun(two);
    train(two, subsetRun, new RowSubset(new DenseFeatures(big, bigRows, COLS), where), targets, scaler);
    assert.equal(prefetches.calls, before + 2 * (BATCHES - 1), 'a subset prefetches through its base');
    sameParameters(parameters(subsetRun), expected, 'a row subset');
  } finally {
    useKernels(jsKernels);
    two.dispose();
  }
});

test('fit builds batch targets from TrainingData.labels: the same parameters, bit for bit, as from the one-hot rows', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  try {
    const { bytes, labels, scaler } = makeData();
    const targets = oneHot(labels, CLASSES);
    const features = new DenseFeatures(inMemory(one, bytes), ROWS, COLS);
    const fromRows = startRun(one);
    train(one, fromRows, features, targets, scaler);
    const fromLabels = startRun(one);
    train(one, fromLabels, features, targets, scaler, {}, Int32Array.from(labels));
    sameParameters(parameters(fromLabels), parameters(fromRows), 'targets from labels');
    // The labels are what the batches learn from: other labels, other parameters.
    const shifted = startRun(one);
    train(one, shifted, features, targets, scaler, {}, Int32Array.from(labels, (c) => (c + 1) % CLASSES));
    assert.notDeepEqual(parameters(shifted), parameters(fromRows));
  } finally {
    useKernels(jsKernels);
  }
});

test('fit stopped mid-epoch with a prefetch pending ends cleanly: its buffers come back, and training on goes as on one thread', async () => {
  const one = await loadWasmKernels({ threads: 1 });
  const two = await loadWasmKernels({ threads: 2, spawnWorker: spawnNodeKernelWorker });
  try {
    const { bytes, labels, scaler } = makeData();
    const targets = oneHot(labels, CLASSES);
    const prefetches = countPrefetches(two);
    const runs = [one, two].map((kernels) => {
      const run = startRun(kernels);
      const features = new DenseFeatures(inMemory(kernels, bytes), ROWS, COLS);
      // A first epoch: the network's outputs, Adam's state and the kernels' prefetch buffers are made.
      train(kernels, run, features, targets, scaler, { epochs: 1 });
      return { kernels, run, features };
    });
    const used = two.arena.bytesInUse;
    const calls = prefetches.calls;
    for (const { kernels, run, features } of runs) {
      let batches = 0;
      const history = train(kernels, run, features, targets, scaler, { epochs: 3, shouldStop: () => ++batches === 3 });
      assert.equal(history.endReason, 'stopped');
      assert.equal(history.epochs.length, 1);
      assert.equal(batches, 3);
    }
    assert.equal(prefetches.calls, calls + 3, 'the stop came after batch 3, with batch 4 prefetched');
    assert.equal(two.arena.bytesInUse, used, 'both batch buffers came back');
    sameParameters(parameters(runs[1]!.run), parameters(runs[0]!.run), 'stopped');
    // Nothing left running: the next run on two threads still matches one thread.
    for (const { kernels, run, features } of runs) train(kernels, run, features, targets, scaler, { epochs: 1 });
    sameParameters(parameters(runs[1]!.run), parameters(runs[0]!.run), 'trained on after the stop');
    assert.equal(two.arena.bytesInUse, used);
  } finally {
    useKernels(jsKernels);
    two.dispose();
  }
});
