import type { Features } from '../data/features.js';
import { RowSubset } from '../data/subset.js';
import type { NeuralNetwork } from '../models/neuralNetwork.js';
import { Conv2D } from '../nn/conv2d.js';
import { MaxPool2D } from '../nn/maxPool2d.js';
import { diverging, sequential } from './colormap.js';
import { type Raster, heatmap } from './raster.js';

/** What one image-shaped layer made of one input: a picture per channel. */
export interface FeatureMaps {
  /** e.g. 'conv 1 (16 filters 3×3) after relu' */
  layer: string;
  maps: Raster[];
}

/** Most channels drawn per layer. */
const MAX_MAPS = 32;

/**
 * The feature maps a convolutional network computes for row `row` of x: for each convolution, its output after the
 * activation (and batch norm) that follows it, one picture per channel, dark blue where the channel responds
 * strongly; and after each pooling layer, the smaller maps the next layer reads. Empty for networks without
 * convolutions.
 */
export function featureMaps(model: NeuralNetwork, x: Features, row: number, scale = 3): FeatureMaps[] {
  const layers = model.network.layers;
  if (!layers.some((l) => l instanceof Conv2D)) return [];
  const { layers: outputs } = model.layerOutputs(new RowSubset(x, [row]));
  const result: FeatureMaps[] = [];
  let conv = 0;
  layers.forEach((layer, i) => {
    if (!(layer instanceof Conv2D || layer instanceof MaxPool2D)) return;
    let shown = i;
    // Show a convolution's output where its activation has been applied: the last layer before the next image layer.
    if (layer instanceof Conv2D) {
      while (shown + 1 < layers.length && (layers[shown + 1]!.kind === 'batch-norm' || layers[shown + 1]!.kind === 'activation')) shown++;
    }
    const [h, w, c] = layer.outputShape;
    const values = outputs[shown]!.data;
    const maps: Raster[] = [];
    for (let ch = 0; ch < Math.min(c, MAX_MAPS); ch++) {
      const plane = new Float64Array(h * w);
      let max = 0;
      for (let p = 0; p < h * w; p++) {
        plane[p] = values[p * c + ch]!;
        max = Math.max(max, Math.abs(plane[p]!));
      }
      const nonNegative = plane.every((v) => v >= 0);
      maps.push(heatmap(plane.map((v) => (max > 0 ? v / max : 0)), w, h, nonNegative ? sequential : diverging, scale * Math.max(1, Math.round(28 / h))));
    }
    if (layer instanceof Conv2D) {
      conv++;
      const after = layers.slice(i + 1, shown + 1).map((l) => l.kind).join(' → ');
      result.push({ layer: `conv ${conv} (${layer.filters} filters ${layer.kernelSize}×${layer.kernelSize})${after ? ` → ${after}` : ''}`, maps });
    } else {
      result.push({ layer: `max pool ${layer.size}×${layer.size} → ${h}×${w}×${c}`, maps });
    }
  });
  return result;
}

/**
 * The first convolution's filters as pictures (summed over input channels): blue weights respond to bright
 * pixels, orange to dark ones; the patterns the network looks for first.
 */
export function firstFilters(model: NeuralNetwork, scale = 12): Raster[] {
  const conv = model.network.layers.find((l): l is Conv2D => l instanceof Conv2D);
  if (!conv) return [];
  const k = conv.kernelSize;
  const c = conv.inputShape[2];
  const w = conv.weights.value.data;
  const pictures: Raster[] = [];
  for (let f = 0; f < conv.filters; f++) {
    const values = new Float64Array(k * k);
    for (let p = 0; p < k * k; p++) for (let ch = 0; ch < c; ch++) values[p]! += w[(p * c + ch) * conv.filters + f]!;
    const max = Math.max(...values.map(Math.abs));
    pictures.push(heatmap(values.map((v) => (max > 0 ? v / max : 0)), k, k, diverging, scale));
  }
  return pictures;
}
