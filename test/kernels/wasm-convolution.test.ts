import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { ConvGeometry } from '../../src/kernels/types.js';
import { loadWasmKernels, type WasmKernels } from '../../src/kernels/wasm/index.js';
import { type Padding, windowAxis } from '../../src/nn/convShape.js';
import { checkIdentical, type Placement, TestRng, variants } from './wasm-helpers.js';

/** height, width, channels, kernel, stride, padding: odd sizes, 1 to 8 channels (SIMD and tails), strides 1 and 2. */
const CASES: Array<[number, number, number, number, number, Padding]> = [
  [1, 1, 1, 1, 1, 'same'],
  [5, 4, 2, 3, 1, 'same'],
  [5, 6, 3, 3, 1, 'valid'],
  [7, 6, 2, 3, 2, 'same'],
  [6, 5, 1, 2, 2, 'valid'],
  [3, 3, 4, 1, 1, 'same'],
  [9, 7, 5, 5, 2, 'same'],
  [8, 8, 8, 3, 1, 'same'],
  [11, 9, 7, 3, 2, 'valid'],
  [4, 10, 4, 2, 1, 'same'],
  [28, 28, 1, 3, 1, 'same'],
  [7, 9, 1, 1, 1, 'same'],
  [10, 12, 1, 3, 2, 'same'],
  [9, 8, 1, 2, 1, 'valid'],
];

function geometry(batch: number, [h, w, c, k, stride, padding]: (typeof CASES)[number]): ConvGeometry {
  const rows = windowAxis(h, k, stride, padding);
  const cols = windowAxis(w, k, stride, padding);
  return {
    batch, height: h, width: w, channels: c, kernelSize: k, stride, padTop: rows.before, padLeft: cols.before,
    outHeight: rows.out, outWidth: cols.out,
  };
}

/** Values on a coarse grid, so windows hold ties, with a few NaN and -0. */
function images(length: number, rng: TestRng): Float32Array {
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = Math.round(rng.next() * 8 - 4) / 2;
  for (let i = 0; i < length / 40; i++) x[rng.int(0, length - 1)] = rng.next() < 0.5 ? NaN : -0;
  return x;
}

function put<T extends Float32Array | Int32Array>(kernels: WasmKernels, x: T, where: Placement): T {
  if (where === 'outside') return x.slice() as T;
  const block = kernels.arena.allocFloat32(x.length);
  const view = (x instanceof Int32Array ? new Int32Array(block.buffer, block.byteOffset, x.length) : block) as T;
  view.set(x);
  return view;
}

for (const variant of variants()) {
  test(`wasm im2col, col2im, maxPool, maxPoolBackward give the portable loops' bits (${variant.label})`, async () => {
    const kernels = await loadWasmKernels(variant.options);
    const rng = new TestRng(23);
    for (const shape of CASES) {
      for (const batch of [1, 3]) {
        const g = geometry(batch, shape);
        const { height: h, width: w, channels: c, kernelSize: k } = g;
        const label = `${batch}×${h}×${w}×${c}, k ${k}, stride ${g.stride}, ${shape[5]}`;
        const imageSize = batch * h * w * c;
        const colsSize = batch * g.outHeight * g.outWidth * k * k * c;
        const x = images(imageSize, rng);
        const gradCols = images(colsSize, rng);
        const cols = new Float32Array(colsSize);
        jsKernels.im2col(x, g, cols);
        const dx = new Float32Array(imageSize);
        jsKernels.col2im(gradCols, g, dx);
        // Max pooling uses whole windows only.
        const pool = geometry(batch, [h, w, c, Math.min(k, h, w), shape[4], 'valid']);
        const pooledSize = batch * pool.outHeight * pool.outWidth * c;
        const pooled = new Float32Array(pooledSize);
        const argmax = new Int32Array(pooledSize);
        jsKernels.maxPool(x, pool, pooled, argmax);
        const dy = images(pooledSize, rng);
        const poolGrad = new Float32Array(imageSize).fill(7);
        jsKernels.maxPoolBackward(dy, argmax, poolGrad);
        for (const where of ['outside', 'inside'] as const) {
          const mark = kernels.arena.mark();
          const what = (kernel: string) => `${kernel} ${label}, arrays ${where}`;
          const actualCols = put(kernels, new Float32Array(colsSize).fill(NaN), where);
          kernels.im2col(put(kernels, x, where), g, actualCols);
          checkIdentical(actualCols, cols, what('im2col'));
          const actualDx = put(kernels, new Float32Array(imageSize).fill(NaN), where);
          kernels.col2im(put(kernels, gradCols, where), g, actualDx);
          checkIdentical(actualDx, dx, what('col2im'));
          const actualPooled = put(kernels, new Float32Array(pooledSize), where);
          const actualArgmax = put(kernels, new Int32Array(pooledSize).fill(-1), where);
          kernels.maxPool(put(kernels, x, where), pool, actualPooled, actualArgmax);
          checkIdentical(actualPooled, pooled, what('maxPool'));
          checkIdentical(actualArgmax, argmax, what('maxPool argmax'));
          const actualGrad = put(kernels, new Float32Array(imageSize).fill(7), where);
          kernels.maxPoolBackward(put(kernels, dy, where), put(kernels, argmax, where), actualGrad);
          checkIdentical(actualGrad, poolGrad, what('maxPoolBackward'));
          kernels.arena.release(mark);
        }
      }
    }
    assert.equal(kernels.arena.bytesInUse, 0, 'scratch is released after each call');
  });
}

test('wasm maxPoolBackward: repeated and out-of-range indices as the portable loop; float64 and odd geometries go there too', async () => {
  const kernels = await loadWasmKernels();
  const rng = new TestRng(2);
  const dy = images(50, rng);
  const argmax = Int32Array.from({ length: 50 }, (_, i) => (i % 9 === 0 ? 40 + i : rng.int(0, 19)));
  const expected = new Float32Array(20);
  jsKernels.maxPoolBackward(dy, argmax, expected);
  const actual = new Float32Array(20).fill(3);
  kernels.maxPoolBackward(dy, argmax, actual);
  checkIdentical(actual, expected, 'duplicates summed in order, indices past dx skipped');
  // float64 arrays, and a geometry whose windows leave the image, run the portable loops unchanged.
  const g: ConvGeometry = { batch: 1, height: 4, width: 4, channels: 1, kernelSize: 3, stride: 2, padTop: 0, padLeft: 0, outHeight: 2, outWidth: 2 };
  const x = Float32Array.from({ length: 16 }, (_, i) => i);
  const out = new Float32Array(4);
  const arg = new Int32Array(4);
  const jsOut = new Float32Array(4);
  const jsArg = new Int32Array(4);
  kernels.maxPool(x, g, out, arg);
  jsKernels.maxPool(x, g, jsOut, jsArg);
  checkIdentical(out, jsOut, 'maxPool beyond the edge');
  checkIdentical(arg, jsArg, 'maxPool argmax beyond the edge');
  const cols64 = new Float64Array(4 * 9);
  kernels.im2col(Float64Array.from(x), { ...g, padTop: 1, padLeft: 1 }, cols64);
  const expected64 = new Float64Array(4 * 9);
  jsKernels.im2col(Float64Array.from(x), { ...g, padTop: 1, padLeft: 1 }, expected64);
  checkIdentical(cols64, expected64, 'im2col float64');
  assert.equal(kernels.arena.bytesInUse, 0);
});
