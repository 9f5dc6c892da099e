import type { LabeledSet } from '../data/dataset.js';
import type { LinearModel } from '../models/linearModel.js';
import { LinearRegression } from '../models/linearRegression.js';
import { LogisticRegression } from '../models/logisticRegression.js';
import { Perceptron } from '../models/perceptron.js';
import { SoftmaxClassifier } from '../models/softmaxClassifier.js';
import { accuracyScore } from '../metrics/accuracy.js';
import { binaryLogLoss, categoricalLogLoss } from '../metrics/log-loss.js';
import { meanSquaredError, r2Score } from '../metrics/regression.js';
import { ShapeError } from '../errors.js';

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
  /** P(positive class) for binary classifiers, for threshold sweeps */
  scores?: Float64Array;
}

export function isClassifier(model: LinearModel): boolean {
  return !(model instanceof LinearRegression);
}

/** Scores a fitted model on a set, with the metrics module (independent of the training loop's own loss). */
export function scoreModel(model: LinearModel, set: LabeledSet): SetScore {
  const inputs = model.learned.weights.shape[0]!;
  if (set.features.cols !== inputs) {
    throw new ShapeError(`${set.source}: the model takes ${inputs} input columns, the data has ${set.features.cols}`);
  }
  const y = set.targets;
  const rows = set.features.rows;
  if (model instanceof LinearRegression) {
    const pred = model.predict(set.features);
    return { rows, loss: meanSquaredError(y, pred), lossName: 'mean-squared-error', r2: rows > 1 ? r2Score(y, pred) : Number.NaN };
  }
  if (model instanceof LogisticRegression) {
    const p = model.predictProbability(set.features);
    const predictions = Int32Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
    return { rows, loss: binaryLogLoss(y, p), lossName: 'log-loss', accuracy: accuracyScore(y, predictions), predictions, scores: p };
  }
  if (model instanceof SoftmaxClassifier) {
    const proba = model.predictProba(set.features);
    const classes = proba.shape[1]!;
    for (let i = 0; i < y.length; i++) {
      if (y[i]! >= classes) throw new ShapeError(`${set.source}: row ${i + 1} has class ${y[i]}, the model knows ${classes} classes`);
    }
    const predictions = model.predict(set.features);
    return { rows, loss: categoricalLogLoss(y, proba), lossName: 'cross-entropy', accuracy: accuracyScore(y, predictions), predictions };
  }
  if (model instanceof Perceptron) {
    const z = model.decisionFunction(set.features).data;
    let loss = 0;
    for (let i = 0; i < rows; i++) loss += Math.max(0, -(2 * y[i]! - 1) * z[i]!);
    const predictions = model.predict(set.features);
    return { rows, loss: loss / rows, lossName: 'perceptron', accuracy: accuracyScore(y, predictions), predictions, scores: Float64Array.from(z) };
  }
  throw new ShapeError(`unknown model kind ${model.kind}`);
}
