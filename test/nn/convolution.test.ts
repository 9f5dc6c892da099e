import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import { BatchNorm } from '../../src/nn/batchNorm.js';
import { Conv2D } from '../../src/nn/conv2d.js';
import { windowAxis } from '../../src/nn/convShape.js';
import { MaxPool2D } from '../../src/nn/maxPool2d.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { checkLayer, randomTensor } from './layerCheck.js';

function assertPasses(name: string, result: ReturnType<typeof checkLayer>): void {
  assert.ok(result.passed && result.maxRelativeError < 1e-6, `${name}: ${JSON.stringify(result.parameters)}`);
}

/** The convolution written straight from its definition, for comparison. */
function naiveConv(x: Tensor, conv: Conv2D): Float64Array {
  const [h, w, c] = conv.inputShape;
  const [oh, ow, f] = conv.outputShape;
  const k = conv.kernelSize;
  const batch = x.shape[0]!;
  const out = new Float64Array(batch * oh * ow * f);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let fi = 0; fi < f; fi++) {
          let sum = conv.bias.value.data[fi]!;
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * conv.stride - conv.pads.top + ky;
              const ix = ox * conv.stride - conv.pads.left + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              for (let ci = 0; ci < c; ci++) {
                sum += x.data[((b * h + iy) * w + ix) * c + ci]! * conv.weights.value.data[((ky * k + kx) * c + ci) * f + fi]!;
              }
            }
          }
          out[((b * oh + oy) * ow + ox) * f + fi] = sum;
        }
      }
    }
  }
  return out;
}

test("windowAxis: 'same' gives ⌈n/s⌉ outputs with the odd padding after; 'valid' whole windows", () => {
  assert.deepEqual(windowAxis(28, 3, 1, 'same'), { out: 28, before: 1, after: 1 });
  assert.deepEqual(windowAxis(28, 3, 2, 'same'), { out: 14, before: 0, after: 1 });
  assert.deepEqual(windowAxis(5, 2, 1, 'same'), { out: 5, before: 0, after: 1 });
  assert.deepEqual(windowAxis(28, 3, 1, 'valid'), { out: 26, before: 0, after: 0 });
  assert.deepEqual(windowAxis(7, 3, 2, 'valid'), { out: 3, before: 0, after: 0 });
  assert.deepEqual(windowAxis(2, 3, 1, 'valid'), { out: 0, before: 0, after: 0 });
});

for (const [label, inputShape, kernelSize, stride, padding] of [
  ['3×3 same', [5, 4, 2], 3, 1, 'same'],
  ['3×3 valid', [5, 6, 3], 3, 1, 'valid'],
  ['3×3 same, stride 2', [7, 6, 2], 3, 2, 'same'],
  ['2×2 valid, stride 2', [6, 5, 1], 2, 2, 'valid'],
  ['1×1', [3, 3, 4], 1, 1, 'same'],
  ['5×5 same on 4×4', [4, 4, 1], 5, 1, 'same'],
] as const) {
  test(`Conv2D ${label}: equals the convolution's definition, and its gradients check`, () => {
    const rng = new Rng(11);
    const conv = new Conv2D({ inputShape, filters: 3, kernelSize, stride, padding, rng, dtype: 'float64', init: 'xavier-normal' });
    for (let i = 0; i < 3; i++) conv.bias.value.data[i] = rng.normal();
    const x = randomTensor([2, ...inputShape], rng);
    const y = conv.forward(x);
    assert.deepEqual(y.shape, [2, ...conv.outputShape]);
    const expected = naiveConv(x, conv);
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(y.data[i]! - expected[i]!) < 1e-12, `element ${i}`);
    // The layer is linear in W, b and x, so a wide step has no truncation error and less rounding.
    assertPasses(label, checkLayer(conv, x, { epsilon: 1e-3 }));
  });
}

test('Conv2D reads flat rows as images and gives the gradient back in the input shape', () => {
  const rng = new Rng(12);
  const conv = new Conv2D({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, rng, dtype: 'float64' });
  const flat = randomTensor([3, 16], rng);
  const y = conv.forward(flat);
  assert.deepEqual(y.shape, [3, 4, 4, 2]);
  assert.deepEqual(conv.backward(Tensor.full(y.shape, 1, 'float64')).shape, [3, 16]);
  assert.throws(() => conv.forward(randomTensor([3, 15], rng)), /conv2d: expected images \[batch, 4, 4, 1\]/);
});

test('Conv2D refuses kernels that do not fit and bad sizes, naming the option', () => {
  const rng = new Rng(0);
  assert.throws(() => new Conv2D({ inputShape: [2, 2, 1], filters: 1, kernelSize: 3, padding: 'valid', rng }), /does not fit a 2×2 image/);
  assert.throws(() => new Conv2D({ inputShape: [4, 4], filters: 1, kernelSize: 3, rng }), /inputShape must be \[height, width, channels\]/);
  assert.throws(() => new Conv2D({ inputShape: [4, 4, 1], filters: 0, kernelSize: 3, rng }), /filters must be/);
  assert.throws(() => new Conv2D({ inputShape: [4, 4, 1], filters: 1, kernelSize: 3, stride: 1.5, rng }), /stride must be/);
});

test('MaxPool2D picks each window’s maximum per channel; backward routes the gradient to it', () => {
  const pool = new MaxPool2D({ inputShape: [4, 4, 1], size: 2 });
  const x = Tensor.from([1, 2, 5, 3, 4, 0, 1, 1, 9, 8, 2, 2, 7, 6, 3, 4], [1, 4, 4, 1], 'float64');
  const y = pool.forward(x);
  assert.deepEqual(Array.from(y.data), [4, 5, 9, 4]);
  const g = pool.backward(Tensor.from([1, 2, 3, 4], [1, 2, 2, 1], 'float64'));
  assert.deepEqual(Array.from(g.data), [0, 0, 2, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 4]);
});

test('MaxPool2D gradient check on 2 channels, odd sizes and overlapping windows', () => {
  const rng = new Rng(13);
  for (const [size, stride] of [[2, 2], [3, 2], [2, 1]] as const) {
    const pool = new MaxPool2D({ inputShape: [5, 7, 2], size, stride });
    // Distinct values keep every maximum away from a tie, where the gradient is not defined.
    const x = Tensor.zeros([2, 5, 7, 2], 'float64');
    const order = Array.from({ length: x.size }, (_, i) => i).sort(() => rng.uniform() - 0.5);
    order.forEach((v, i) => (x.data[i] = v / 10));
    assertPasses(`pool ${size}/${stride}`, checkLayer(pool, x));
  }
});

test('max pooling lets a NaN through instead of hiding it', () => {
  const pool = new MaxPool2D({ inputShape: [2, 2, 1], size: 2 });
  assert.ok(Number.isNaN(pool.forward(Tensor.from([1, Number.NaN, 3, 2], [1, 2, 2, 1])).data[0]));
  assert.ok(Number.isNaN(pool.forward(Tensor.from([Number.NaN, 1, 3, 2], [1, 2, 2, 1])).data[0]));
});

test('BatchNorm on images normalizes each channel over every pixel of the batch; gradients check', () => {
  const rng = new Rng(14);
  const bn = new BatchNorm({ features: 3, dtype: 'float64' });
  for (let j = 0; j < 3; j++) bn.gamma.value.data[j] = rng.normal(1, 0.3);
  const x = randomTensor([2, 3, 4, 3], rng, { std: 2 });
  const y = bn.forward(x, { training: true });
  assert.deepEqual(y.shape, [2, 3, 4, 3]);
  assertPasses('batch norm on images', checkLayer(bn, x, { training: true }));
});

test('im2col then col2im multiplies each pixel by the number of windows that read it', () => {
  const g = { batch: 1, height: 3, width: 3, channels: 1, kernelSize: 3, stride: 1, padTop: 1, padLeft: 1, outHeight: 3, outWidth: 3 };
  const cols = new Float64Array(9 * 9);
  jsKernels.im2col(new Float64Array(9).fill(1), g, cols);
  const back = new Float64Array(9);
  jsKernels.col2im(cols, g, back);
  assert.deepEqual(Array.from(back), [4, 6, 4, 6, 9, 6, 4, 6, 4]);
});
