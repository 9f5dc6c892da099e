import { requireLabelPair } from './validate.js';

/**
 * The fraction of samples whose predicted class equals the true class:
 * accuracy = (1/n) Σᵢ [yPredᵢ = yTrueᵢ], in [0, 1]; higher is better.
 *
 * @param yTrue the true class indices, one per sample
 * @param yPred the predicted class indices, same length
 */
export function accuracyScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  requireLabelPair('accuracyScore', yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
