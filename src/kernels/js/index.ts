import type { Kernels } from '../types.js';
import { gemm } from './gemm.js';
import { col2im, im2col, maxPool, maxPoolBackward } from './convolution.js';
import { adamStep, columnAffine, columnCombine, columnDots, columnMoments, reluBackward } from './training.js';
import { addRowVector, axpy, relu, sigmoid, softmaxRows, sumRows } from './elementwise.js';

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
  im2col,
  col2im,
  maxPool,
  maxPoolBackward,
  reluBackward,
  columnMoments,
  columnDots,
  columnAffine,
  columnCombine,
  adamStep,
};
