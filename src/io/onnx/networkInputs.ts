import { ModelError } from '../../errors.js';
import { BatchNorm } from '../../nn/batchNorm.js';
import { Dense } from '../../nn/dense.js';
import type { Layer } from '../../nn/layer.js';

/**
 * The number of input features a network's layers take: read from the first layer whose input size is
 * fixed (a Dense layer's inputs, a BatchNorm's features), past layers that take any width (activations,
 * dropout, …).
 */
export function networkInputs(layers: readonly Layer[]): number {
  for (const layer of layers) {
    if (layer instanceof Dense) return layer.inputs;
    if (layer instanceof BatchNorm) return layer.features;
  }
  throw new ModelError('export: no layer of the network fixes its number of inputs');
}
