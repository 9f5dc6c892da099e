import { ModelError } from '../../errors.js';
import { BatchNorm } from '../../nn/batchNorm.js';
import { Conv2D } from '../../nn/conv2d.js';
import { Dense } from '../../nn/dense.js';
import type { Layer } from '../../nn/layer.js';
import { MaxPool2D } from '../../nn/maxPool2d.js';

/**
 * The number of input features a network's layers take: read from the first layer whose input size is
 * fixed (a Dense layer's inputs, a BatchNorm's features, the h·w·c values of a convolution's or pooling's
 * input images), past layers that take any width (activations,
 * dropout, …).
 */
export function networkInputs(layers: readonly Layer[]): number {
  for (const layer of layers) {
    if (layer instanceof Dense) return layer.inputs;
    if (layer instanceof BatchNorm) return layer.features;
    if (layer instanceof Conv2D || layer instanceof MaxPool2D) return layer.inputShape[0] * layer.inputShape[1] * layer.inputShape[2];
  }
  throw new ModelError('export: no layer of the network fixes its number of inputs');
}
