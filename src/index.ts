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
export * from './nn/index.js';
export { softplus } from './nn/losses.js';
export { decodeGray, MAX_IMAGE_PIXELS } from './data/images/decode.js';
export type { GrayImage } from './data/images/decode.js';
export { prepareDigit } from './data/images/prepare.js';
export type { PrepareOptions } from './data/images/prepare.js';
export * from './optim/index.js';
export * from './train/index.js';
export * from './models/index.js';
export * from './inspect/index.js';
export * from './io/index.js';
export { parseBookWeights } from './io/bookWeights.js';
