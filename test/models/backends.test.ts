import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../src/data/features.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { Kernels } from '../../src/kernels/types.js';
import { loadWasmKernels } from '../../src/kernels/wasm/index.js';
import { enableRelaxedSimdInNode } from '../../src/kernels/wasm/node-flags.js';
import { spawnNodeKernelWorker } from '../../src/kernels/wasm/node-threads.js';
import { NeuralNetwork, type NeuralNetworkOptions } from '../../src/models/neuralNetwork.js';
import { useKernels } from '../../src/tensor/backend.js';
import { Rng } from '../../src/tensor/rng.js';

const INPUTS = 400;
const CLASSES = 4;

/** Byte "images" of 20×20 whose brightness pattern depends on the class, plus noise. */
function images(rows: number): { x: DenseFeatures; y: number[] } {
  const rng = new Rng(7);
  const data = new Uint8Array(rows * INPUTS);
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % CLASSES;
    y.push(label);
    for (let j = 0; j < INPUTS; j++) {
      const band = Math.floor(j / (INPUTS / CLASSES)) === label ? 120 : 0;
      data[i * INPUTS + j] = Math.min(255, Math.max(0, Math.round(band + 40 * rng.normal() + 60)));
    }
  }
  return { x: new DenseFeatures(data, rows, INPUTS), y };
}

/** Every parameter of a network trained on `kernels`, flattened, with the epochs' losses. */
function train(kernels: Kernels, options: NeuralNetworkOptions): { weights: Float32Array[]; losses: number[] } {
  useKernels(kernels);
  try {
    const { x, y } = images(640);
    // Batches of 64 × 400 inputs × 32 units: the first layer's products pass 1 MFLOP, so two threads split them.
    const model = new NeuralNetwork({ hidden: [32], epochs: 3, batchSize: 64, standardize: true, seed: 11, ...options });
    model.fit(x, y);
    return {
      weights: model.network.parameters().map((p) => Float32Array.from(p.value.data)),
      losses: model.history!.epochs.map((e) => e.loss),
    };
  } finally {
    useKernels(jsKernels);
  }
}

/** The largest |a − b| over all parameters, relative to the largest |a|. */
function relativeDifference(a: Float32Array[], b: Float32Array[]): number {
  let diff = 0;
  let scale = 0;
  a.forEach((w, p) => {
    for (let i = 0; i < w.length; i++) {
      diff = Math.max(diff, Math.abs(w[i]! - b[p]![i]!));
      scale = Math.max(scale, Math.abs(w[i]!));
    }
  });
  return diff / scale;
}

const optimizers: NeuralNetworkOptions[] = [
  { optimizer: 'sgd', learningRate: 0.5 },
  { optimizer: 'adam', learningRate: 0.01 },
];

for (const options of optimizers) {
  test(`the same seed gives the same weights on the portable and WebAssembly kernels, 1 and 2 threads (${options.optimizer})`, async () => {
    const relaxedSimd = enableRelaxedSimdInNode();
    const one = await loadWasmKernels({ relaxedSimd, threads: 1 });
    const two = await loadWasmKernels({ relaxedSimd, threads: 2, spawnWorker: spawnNodeKernelWorker });
    try {
      const portable = train(jsKernels, options);
      const single = train(one, options);
      const dual = train(two, options);
      // The thread count changes nothing: rows are split at multiples of the micro-tile.
      assert.deepEqual(dual.weights, single.weights, 'two threads give the bits of one');
      // The backends differ by float32 rounding in each kernel (summation order, fused multiply-adds,
      // e^x by a polynomial), which three epochs of updates carry along without amplifying.
      const rel = relativeDifference(portable.weights, single.weights);
      assert.ok(rel < 1e-5, `weights differ by ${rel} of their largest magnitude`);
      portable.losses.forEach((loss, e) => assert.ok(Math.abs(loss - single.losses[e]!) < 1e-5 * loss, `epoch ${e + 1} loss`));
      assert.ok(portable.losses[2]! < portable.losses[0]!, 'and the network learns');
    } finally {
      two.dispose();
    }
  });
}
