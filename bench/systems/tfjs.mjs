// TensorFlow.js (pure-JS package @tensorflow/tfjs) on backend job.backend ('wasm' | 'cpu'), trained
// by model.fit (job.mode 'fit') or by a hand-written loop of optimizer.minimize (job.mode 'loop').
// The WebAssembly binaries are read from node_modules (setWasmPaths with a file path), never fetched.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CLASSES, FEATURES, gatherStandardized, loadFashion, permutation, runChild, standardizer,
} from './common.mjs';

const require = createRequire(import.meta.url);

function oneHotRows(y, indices, from, to) {
  const out = new Float32Array((to - from) * CLASSES);
  for (let r = from; r < to; r++) out[(r - from) * CLASSES + y[indices[r]]] = 1;
  return out;
}

await runChild(async (job) => {
  // tfjs prints a hint to install tfjs-node when it runs in Node; keep it out of the table's stdout.
  const log = console.log;
  console.log = (...args) => console.error(...args);
  const tf = require('@tensorflow/tfjs');
  const detail = [`tfjs ${tf.version.tfjs}`];
  if (job.backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(dist + '/');
  }
  if (!(await tf.setBackend(job.backend))) throw new Error(`tfjs backend ${job.backend} failed to initialize`);
  await tf.ready();
  detail.push(`backend ${tf.getBackend()}`);
  if (job.backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    detail.push(`SIMD ${simd}, multithread ${mt}, threads ${wasm.getThreadsCount?.() ?? '?'}`);
  }
  console.log = log;

  const { train, test } = await loadFashion();
  const rows = Math.min(job.rows, train.rows);
  const scaler = standardizer(train.x, rows);
  const { hidden, batchSize, learningRate, epochs, seed } = job;
  const kernel = (fanIn, s) => tf.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(1 / fanIn), seed: s });
  const epochSeconds = [];
  let predictLogits;

  // The CNN of issue #7 as Keras-style layers (NHWC, 'same' padding, He init, ReLU), Adam.
  const cnn = () => {
    const m = tf.sequential();
    const he = (s) => tf.initializers.heNormal({ seed: s });
    m.add(tf.layers.reshape({ inputShape: [FEATURES], targetShape: [28, 28, 1] }));
    m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(seed + 1) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(seed + 2) }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: he(seed + 3) }));
    m.add(tf.layers.dense({ units: CLASSES, kernelInitializer: he(seed + 4) }));
    return m;
  };
  const isCnn = job.net === 'cnn';
  const makeOptimizer = () => (isCnn ? tf.train.adam(learningRate) : tf.train.sgd(learningRate));

  if (job.mode === 'fit') {
    const model = isCnn ? cnn() : tf.sequential();
    if (isCnn) model.add(tf.layers.softmax());
    else {
      model.add(tf.layers.dense({ inputShape: [FEATURES], units: hidden, activation: 'sigmoid', kernelInitializer: kernel(FEATURES, seed + 1) }));
      model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: kernel(hidden, seed + 2) }));
    }
    model.compile({ optimizer: makeOptimizer(), loss: 'categoricalCrossentropy' });
    // model.fit takes the whole training set as tensors: standardize every row up front.
    const all = permutation(rows, 0).sort();
    const x = tf.tensor2d(gatherStandardized(train.x, all, 0, rows, scaler, new Float32Array(rows * FEATURES)), [rows, FEATURES]);
    const y = tf.tensor2d(oneHotRows(train.y, all, 0, rows), [rows, CLASSES]);
    let t0 = 0;
    await model.fit(x, y, {
      batchSize, epochs, shuffle: true, verbose: 0,
      callbacks: {
        onEpochBegin: async () => { t0 = performance.now(); },
        onEpochEnd: async () => { epochSeconds.push((performance.now() - t0) / 1000); },
      },
    });
    x.dispose();
    y.dispose();
    predictLogits = (xt) => model.predict(xt);
  } else {
    let logits;
    let variables;
    if (isCnn) {
      const model = cnn();
      logits = (x) => model.apply(x);
      variables = model.trainableWeights.map((w) => w.val);
    } else {
      const w1 = tf.variable(kernel(FEATURES, seed + 1).apply([FEATURES, hidden]));
      const b1 = tf.variable(tf.zeros([hidden]));
      const w2 = tf.variable(kernel(hidden, seed + 2).apply([hidden, CLASSES]));
      const b2 = tf.variable(tf.zeros([CLASSES]));
      logits = (x) => tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, w1), b1)), w2), b2);
      variables = [w1, b1, w2, b2];
    }
    const optimizer = makeOptimizer();
    const xb = new Float32Array(batchSize * FEATURES);
    for (let e = 0; e < epochs; e++) {
      const t0 = performance.now();
      const order = permutation(rows, seed + e + 1);
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(rows, start + batchSize);
        const n = end - start;
        gatherStandardized(train.x, order, start, end, scaler, xb); // batch by batch, as Platypus does
        tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, n * FEATURES), [n, FEATURES]);
          const y = tf.tensor2d(oneHotRows(train.y, order, start, end), [n, CLASSES]);
          optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, logits(x)), false, variables);
        });
      }
      await variables[0].data(); // make sure every step has run before the clock stops
      epochSeconds.push((performance.now() - t0) / 1000);
    }
    predictLogits = logits;
  }

  // Test accuracy in chunks of 1000 rows (the first 1000 test rows only for the CNN on the slow CPU backend).
  const testRows = isCnn && job.backend === 'cpu' ? 1000 : test.rows;
  let correct = 0;
  const all = permutation(test.rows, 0).sort();
  const chunk = new Float32Array(1000 * FEATURES);
  for (let start = 0; start < testRows; start += 1000) {
    const end = Math.min(testRows, start + 1000);
    gatherStandardized(test.x, all, start, end, scaler, chunk);
    const predicted = tf.tidy(() => tf.argMax(predictLogits(tf.tensor2d(chunk.subarray(0, (end - start) * FEATURES), [end - start, FEATURES])), 1).dataSync());
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.y[start + i]) correct++;
  }
  if (testRows < test.rows) detail.push(`test accuracy on the first ${testRows} test rows`);
  return { rows, epochSeconds, testAccuracy: correct / testRows, detail: detail.join(', ') };
});
