import type { Features } from '../data/features.js';
import { ShapeError } from '../errors.js';
import { type DType, Tensor } from '../tensor/tensor.js';

/** A rectangle of the input plane: [xMin, xMax] × [yMin, yMax]. */
export interface PlaneBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Evenly spaced points over a plane, row by row from the top (y = yMax) so they map onto image pixels. */
export interface PlaneGrid {
  bounds: PlaneBounds;
  /** points per row (image width) */
  width: number;
  /** rows (image height) */
  height: number;
  /** [width·height, 2]: (x, y) of pixel (col, row) at row·width + col */
  points: Tensor;
}

/**
 * The bounds of the first two input columns, widened by `margin` (a fraction of each side's span)
 * so points near the edge are not drawn on the border.
 */
export function dataBounds(features: Features, margin = 0.1): PlaneBounds {
  if (features.cols !== 2) throw new ShapeError(`plane pictures need 2 input columns, got ${features.cols}`);
  if (features.rows === 0) throw new ShapeError('plane pictures need at least one point');
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < features.rows; i++) {
    const x = features.get(i, 0);
    const y = features.get(i, 1);
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }
  const dx = Math.max(xMax - xMin, 1e-9) * margin;
  const dy = Math.max(yMax - yMin, 1e-9) * margin;
  return { xMin: xMin - dx, xMax: xMax + dx, yMin: yMin - dy, yMax: yMax + dy };
}

/** A width × height grid of points over `bounds`, at pixel centres. */
export function planeGrid(bounds: PlaneBounds, width: number, height = width, dtype: DType = 'float64'): PlaneGrid {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ShapeError(`plane grid: width and height must be whole numbers ≥ 1, got ${width}×${height}`);
  }
  const points = Tensor.zeros([width * height, 2], dtype);
  for (let r = 0; r < height; r++) {
    const y = bounds.yMax - ((r + 0.5) / height) * (bounds.yMax - bounds.yMin);
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      points.data[2 * i] = bounds.xMin + ((c + 0.5) / width) * (bounds.xMax - bounds.xMin);
      points.data[2 * i + 1] = y;
    }
  }
  return { bounds, width, height, points };
}

/** The pixel (col, row) of a plane point, possibly outside the image. */
export function toPixel(grid: PlaneGrid, x: number, y: number): [number, number] {
  const { bounds, width, height } = grid;
  return [((x - bounds.xMin) / (bounds.xMax - bounds.xMin)) * width, ((bounds.yMax - y) / (bounds.yMax - bounds.yMin)) * height];
}
