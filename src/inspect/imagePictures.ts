import type { Features } from '../data/features.js';
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { diverging, ink } from './colormap.js';
import { type Raster, heatmap } from './raster.js';

/**
 * Each column of a first-layer weight matrix [pixels, units] drawn as an image of the input's shape:
 * blue where a bright pixel raises the unit's output, orange where it lowers it, scaled per image.
 */
export function weightImages(weights: Tensor, height: number, width: number, scale = 3): Raster[] {
  const [pixels, units] = weights.shape as [number, number];
  if (pixels !== height * width) throw new ShapeError(`weight images: ${pixels} weights per unit, not ${height}×${width}`);
  const images: Raster[] = [];
  for (let u = 0; u < units; u++) {
    let max = 0;
    for (let p = 0; p < pixels; p++) max = Math.max(max, Math.abs(weights.data[p * units + u]!));
    const values = new Float64Array(pixels);
    for (let p = 0; p < pixels; p++) values[p] = max > 0 ? weights.data[p * units + u]! / max : 0;
    images.push(heatmap(values, width, height, diverging, scale));
  }
  return images;
}

/** Row `row` of an image set as a picture (raw values scaled by their own maximum, e.g. 0–255 pixels). */
export function exampleImage(features: Features, row: number, height: number, width: number, scale = 3): Raster {
  if (features.cols !== height * width) throw new ShapeError(`example image: ${features.cols} values per row, not ${height}×${width}`);
  const values = new Float64Array(features.cols);
  let max = 0;
  for (let p = 0; p < features.cols; p++) {
    values[p] = features.get(row, p);
    max = Math.max(max, values[p]!);
  }
  return heatmap(values.map((v) => (max > 0 ? v / max : 0)), width, height, ink, scale);
}
