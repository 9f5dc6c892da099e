/**
 * Platypus's public API. The CLI and the playground import only this module.
 * Nothing here runs on import.
 */
export * from './errors.js';
export * from './tensor/index.js';
export type { FloatArray, GemmSpec, Kernels } from './kernels/types.js';
export { jsKernels } from './kernels/js/index.js';
export * from './data/index.js';
export * from './metrics/index.js';
export { meanSquaredErrorLoss, perceptronLoss, sigmoidLogLoss, softmaxCrossEntropyLoss, softplus } from './nn/losses.js';
export type { Loss } from './nn/losses.js';
export * from './optim/index.js';
export * from './train/index.js';
export * from './models/index.js';
export * from './inspect/index.js';
export * from './io/index.js';
