import type { Kernels } from '../types.js';
import { gemm } from './gemm.js';
import { col2im, im2col, maxPool, maxPoolBackward } from './convolution.js';
import { adamStep, columnAffine, columnCombine, columnDots, columnMoments, reluBackward, sigmoidBackward } from './training.js';
import { softmaxCrossEntropy } from './losses.js';
import { addRowVector, axpy, relu, sigmoid, softmaxRows, sumRows } from './elementwise.js';
import { gatherBytes } from './gather.js';

/** The portable TypeScript backend: plain loops, any float type, one thread. */
export const jsKernels: Kernels = {
  name: 'js',
  threads: 1,
  gemm,
  addRowVector,
  sumRows,
  sigmoid,
  relu,
  softmaxRows,
  axpy,
  gatherBytes,
  im2col,
  col2im,
  maxPool,
  maxPoolBackward,
  reluBackward,
  sigmoidBackward,
  softmaxCrossEntropy,
  columnMoments,
  columnDots,
  columnAffine,
  columnCombine,
  adamStep,
};
