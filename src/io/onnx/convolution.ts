import { ModelError } from '../../errors.js';
import type { Conv2D } from '../../nn/conv2d.js';
import type { MaxPool2D } from '../../nn/maxPool2d.js';
import type { GraphBuilder } from './graphBuilder.js';
import { type Layout, asImage } from './layout.js';

/**
 * Platypus's conv weights [k·k·c, filters] (row (ky·k + kx)·c + ci, as im2col lays out a window) as ONNX's
 * [filters, c, k, k] (OIHW), row-major.
 */
export function convWeightsOIHW(layer: Conv2D): Float64Array {
  const k = layer.kernelSize;
  const c = layer.inputShape[2];
  const f = layer.filters;
  const w = layer.weights.value.data;
  const out = new Float64Array(w.length);
  for (let o = 0; o < f; o++) {
    for (let ci = 0; ci < c; ci++) {
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) out[((o * c + ci) * k + ky) * k + kx] = w[((ky * k + kx) * c + ci) * f + o]!;
      }
    }
  }
  return out;
}

/**
 * Conv on NCHW images with the layer's explicit padding [top, left, bottom, right] (TensorFlow's 'same' puts
 * an odd extra row or column at the bottom or right, which ONNX's explicit pads express exactly) and stride.
 */
export function conv2d(g: GraphBuilder, layer: Conv2D, where: string, layout: Layout): Layout {
  asImage(g, layout, layer.inputShape, where);
  const k = layer.kernelSize;
  const w = g.floats(`${where}.weights`, [layer.filters, layer.inputShape[2], k, k], convWeightsOIHW(layer));
  const b = g.floats(`${where}.bias`, [layer.filters], layer.bias.value.data);
  const { top, left, bottom, right } = layer.pads;
  g.apply(`${where}.conv`, 'Conv', [w, b], { kernel_shape: [k, k], strides: [layer.stride, layer.stride], pads: [top, left, bottom, right] });
  return { kind: 'image', shape: layer.outputShape };
}

/** MaxPool on NCHW images: windows wholly inside the image (no padding, floor), as Platypus pools. */
export function maxPool2d(g: GraphBuilder, layer: MaxPool2D, where: string, layout: Layout): Layout {
  asImage(g, layout, layer.inputShape, where);
  const [h, w] = layer.inputShape;
  if (layer.outputShape[0] < 1 || layer.outputShape[1] < 1) throw new ModelError(`export: ${where}: a ${layer.size}×${layer.size} window does not fit a ${h}×${w} image`);
  g.apply(`${where}.max_pool`, 'MaxPool', [], { kernel_shape: [layer.size, layer.size], strides: [layer.stride, layer.stride] });
  return { kind: 'image', shape: layer.outputShape };
}
