import type { Features } from '../data/features.js';
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { diverging, ink } from './colormap.js';
import { type Raster, createRaster, heatmap, setPixel } from './raster.js';

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

/**
 * Row `row` of a colour image set as a picture: the row holds height × width × 3 values in HWC order (red,
 * green, blue of each pixel in turn, as CIFAR-10 is read), scaled by the row's maximum.
 */
export function colourExampleImage(features: Features, row: number, height: number, width: number, scale = 3): Raster {
  if (features.cols !== height * width * 3) throw new ShapeError(`colour example image: ${features.cols} values per row, not ${height}×${width}×3`);
  let max = 0;
  for (let p = 0; p < features.cols; p++) max = Math.max(max, features.get(row, p));
  const level = (p: number): number => (max > 0 ? Math.round((255 * Math.max(0, features.get(row, p))) / max) : 0);
  const raster = createRaster(width * scale, height * scale);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const rgb = [level(at), level(at + 1), level(at + 2)] as const;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) setPixel(raster, x * scale + dx, y * scale + dy, rgb);
    }
  }
  return raster;
}
