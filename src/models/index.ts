export { LinearModel } from './linearModel.js';
export type { LinearState } from './linearModel.js';
export { LinearRegression } from './linearRegression.js';
export { LogisticRegression } from './logisticRegression.js';
export { SoftmaxClassifier } from './softmaxClassifier.js';
export { Perceptron } from './perceptron.js';
export type { FitCallbacks, LinearModelOptions } from './options.js';
export type { Inputs } from './inputs.js';
