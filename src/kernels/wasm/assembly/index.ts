// The module's exports: the kernels, the sizes the loader needs, and where free memory starts.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. The module allocates nothing itself:
// every buffer is placed in the imported memory by the JavaScript side.

export { gemmRows, gemmWorkBytes, packedBBytes } from './gemm';
export { packB } from './pack';
export { addRowVector, axpy, relu, sigmoid, softmaxRows, sumRows } from './elementwise';
export { adamStep, columnAffine, columnCombine, columnDots, columnMoments, reluBackward } from './training';

/** The first byte past the module's own static data: the JavaScript arena starts at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
