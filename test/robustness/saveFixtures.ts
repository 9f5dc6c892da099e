/** Two different valid models for the kill-while-saving test (./killWhileSaving.test.ts and ./saver.ts). */
import type { SavedModel } from '../../src/io/modelFile.js';
import { SoftmaxClassifier } from '../../src/models/softmaxClassifier.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** A softmax model over 256 inputs and `classes` classes whose weights depend on `variant`. */
export function fixtureModel(variant: 'A' | 'B'): SavedModel {
  const features = 256;
  const classes = variant === 'A' ? 10 : 7;
  const weights = new Float64Array(features * classes);
  for (let i = 0; i < weights.length; i++) weights[i] = variant === 'A' ? Math.sin(i) : Math.cos(3 * i) / 7;
  const model = new SoftmaxClassifier({ dtype: 'float64', epochs: 1, learningRate: 0.1 });
  model.setLearned({ weights: new Tensor([features, classes], weights), bias: new Tensor([classes], new Float64Array(classes).fill(variant === 'A' ? 0.5 : -2)) });
  return {
    model,
    featureNames: Array.from({ length: features }, (_, i) => `x${i}`),
    targetName: variant === 'A' ? 'digit' : 'kind',
    classNames: Array.from({ length: classes }, (_, i) => `${variant}${i}`),
  };
}
