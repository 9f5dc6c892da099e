import type { LabeledSet } from '../data/dataset.js';
import { ShapeError } from '../errors.js';
import { accuracyScore } from '../metrics/accuracy.js';
import { binaryLogLoss, categoricalLogLoss } from '../metrics/log-loss.js';
import { meanSquaredError, r2Score } from '../metrics/regression.js';
import { Perceptron } from '../models/perceptron.js';
import type { ModelView } from './modelView.js';

/** How a model does on one labelled set: its loss, and for classifiers its accuracy and predictions. */
export interface SetScore {
  rows: number;
  loss: number;
  /** which loss: mean-squared-error, log-loss, cross-entropy or perceptron */
  lossName: string;
  accuracy?: number;
  r2?: number;
  /** predicted classes (classifiers only) */
  predictions?: Int32Array;
  /** P(class 1) (or the perceptron's score) for binary classifiers, for threshold sweeps */
  scores?: Float64Array;
}

/** Scores a trained model on a set with the metrics module (independent of the training loop's own loss). */
export function scoreModel(view: ModelView, set: LabeledSet): SetScore {
  if (set.features.cols !== view.inputs) {
    throw new ShapeError(`${set.source}: the model takes ${view.inputs} input columns, the data has ${set.features.cols}`);
  }
  const y = set.targets;
  const rows = set.features.rows;
  if (view.task === 'regression') {
    const pred = view.values(set.features);
    return { rows, loss: meanSquaredError(y, pred), lossName: 'mean-squared-error', r2: rows > 1 ? r2Score(y, pred) : Number.NaN };
  }
  for (let i = 0; i < rows; i++) {
    if (!(Number.isInteger(y[i]) && y[i]! >= 0 && y[i]! < view.classes)) {
      throw new ShapeError(`${set.source}: row ${i + 1} has class ${y[i]}, the model knows ${view.classes} classes (0–${view.classes - 1})`);
    }
  }
  const predictions = view.classesOf(set.features);
  const accuracy = accuracyScore(y, predictions);
  if (view.task === 'multiclass') {
    return { rows, loss: categoricalLogLoss(y, view.probabilities(set.features)), lossName: 'cross-entropy', accuracy, predictions };
  }
  if (view.model instanceof Perceptron) {
    const z = view.model.decisionFunction(set.features).data;
    let loss = 0;
    for (let i = 0; i < rows; i++) loss += Math.max(0, -(2 * y[i]! - 1) * z[i]!);
    return { rows, loss: loss / rows, lossName: 'perceptron', accuracy, predictions, scores: Float64Array.from(z) };
  }
  const p = Float64Array.from(view.probabilities(set.features).data);
  return { rows, loss: binaryLogLoss(y, p), lossName: 'log-loss', accuracy, predictions, scores: p };
}
