// brain.js (npm `brain.js`): its NeuralNetwork with one sigmoid hidden layer. brain.js 1.x trains one
// example at a time (no mini-batches; it rejects momentum 0) with sigmoid outputs and squared error — the closest it comes to
// the book's network. Each run is one train() call of one iteration over the rows (it keeps its weights
// between calls), so three runs are three passes.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { CLASSES, FEATURES, gatherStandardized, loadFashion, permutation, runChild, standardizer } from './common.mjs';

const require = createRequire(import.meta.url);

await runChild(async (job) => {
  const brain = require('brain.js');
  const version = require('brain.js/package.json').version;
  const { train, test } = await loadFashion();
  const rows = Math.min(job.rows, train.rows);
  const scaler = standardizer(train.x, rows);
  const row = new Float32Array(FEATURES);
  const example = (set, i) => {
    gatherStandardized(set.x, [i], 0, 1, scaler, row);
    return Array.from(row);
  };
  const data = [];
  for (let i = 0; i < rows; i++) {
    const output = new Array(CLASSES).fill(0);
    output[train.y[i]] = 1;
    data.push({ input: example(train, i), output });
  }
  const net = new brain.NeuralNetwork({ hiddenLayers: [job.hidden], activation: 'sigmoid' });
  const epochSeconds = [];
  for (let e = 0; e < job.epochs; e++) {
    const order = permutation(rows, job.seed + e + 1);
    const shuffled = Array.from(order, (i) => data[i]);
    const t0 = performance.now();
    net.train(shuffled, { iterations: 1, learningRate: job.brainLearningRate, momentum: job.brainMomentum, log: false });
    epochSeconds.push((performance.now() - t0) / 1000);
  }
  let correct = 0;
  for (let i = 0; i < test.rows; i++) {
    const out = net.run(example(test, i));
    let best = 0;
    for (let k = 1; k < CLASSES; k++) if (out[k] > out[best]) best = k;
    if (best === test.y[i]) correct++;
  }
  return {
    rows, epochSeconds, testAccuracy: correct / test.rows,
    detail: `brain.js ${version}, per-example SGD, lr ${job.brainLearningRate}, momentum ${job.brainMomentum}, sigmoid output + squared error`,
  };
});
