// The module's exports: the kernels, the sizes the loader needs, and where free memory starts.
// AssemblyScript, compiled by asc (see build.mjs), not tsc. The module allocates nothing itself:
// every buffer is placed in the imported memory by the JavaScript side.
// Kernels that threads share (the GEMM's row or column blocks, convolution helpers, elementwise maps,
// Adam, byte gathering) run through runRange; the reductions, whose sums must keep one order, are
// exported on their own.

export { gemmWorkBytes, packedBBytes } from './gemm';
export { packB } from './pack';
export { runRange } from './ranges';
export { softmaxCrossEntropy, softmaxRows, sumRows } from './elementwise';
export { columnDots, columnMoments } from './training';

/** The first byte past the module's own static data: the JavaScript arena starts at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
