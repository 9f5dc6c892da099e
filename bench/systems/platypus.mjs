// Platypus's NeuralNetwork estimator (the MLP of job.hidden, or the layer stack job.layers) on Fashion-MNIST with the kernels named by job.kernels
// ('wasm' or 'js') and job.threads; epoch times come from the training loop's own epoch records.
import { selectKernels, releaseKernels } from '../../dist/src/cli/kernels.js';
import { activeKernels } from '../../dist/src/tensor/backend.js';
import { DenseFeatures } from '../../dist/src/data/features.js';
import { NeuralNetwork } from '../../dist/src/models/neuralNetwork.js';
import { parseLayerSpecs } from '../../dist/src/nn/layerSpec.js';
import { FEATURES, loadFashion, runChild } from './common.mjs';

await runChild(async (job) => {
  await selectKernels(job.kernels, job.threads);
  const kernels = activeKernels();
  try {
    const { train, test } = await loadFashion();
    const rows = Math.min(job.rows, train.rows);
    const features = new DenseFeatures(train.x.subarray(0, rows * FEATURES), rows, FEATURES);
    const targets = train.set.targets.subarray(0, rows);
    const common = { learningRate: job.learningRate, batchSize: job.batchSize, epochs: job.epochs, standardize: true, seed: job.seed };
    const model = job.layers
      ? new NeuralNetwork({
        ...common, layers: parseLayerSpecs(job.layers), imageShape: [28, 28, 1], activation: 'relu', init: 'he', optimizer: 'adam',
        learningRateDecay: job.learningRateDecay ?? 1,
      })
      : new NeuralNetwork({ ...common, hidden: [job.hidden], activation: 'sigmoid', output: 'softmax', init: 'book', optimizer: 'sgd' });
    const epochSeconds = [];
    model.fit(features, targets, { onEpoch: (record) => void epochSeconds.push(record.seconds) });
    const predicted = model.predict(test.set.features);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.y[i]) correct++;
    return {
      rows, epochSeconds, testAccuracy: correct / predicted.length,
      detail: `kernels ${kernels.name}, ${kernels.threads} thread(s)`,
    };
  } finally {
    releaseKernels();
  }
});
