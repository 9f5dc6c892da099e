import type { LinearModel } from './linearModel.js';
import { LinearRegression } from './linearRegression.js';
import { LogisticRegression } from './logisticRegression.js';
import type { LinearModelOptions } from './options.js';
import { Perceptron } from './perceptron.js';
import { SoftmaxClassifier } from './softmaxClassifier.js';

export const LINEAR_KINDS = ['linear', 'logistic', 'softmax', 'perceptron'] as const;
export type LinearKind = (typeof LINEAR_KINDS)[number];

/** One of the book's linear models by its short name. */
export function createLinearModel(kind: LinearKind, options: LinearModelOptions): LinearModel {
  switch (kind) {
    case 'linear':
      return new LinearRegression(options);
    case 'logistic':
      return new LogisticRegression(options);
    case 'softmax':
      return new SoftmaxClassifier(options);
    case 'perceptron':
      return new Perceptron(options);
  }
}
