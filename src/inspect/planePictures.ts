import type { LabeledSet } from '../data/dataset.js';
import { ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Rgb, classColor, diverging } from './colormap.js';
import { type PlaneGrid, toPixel } from './grid.js';
import type { LayerOutputs, NodeFunction } from './nodes.js';
import { normalizer } from './nodes.js';
import { type Raster, drawDot, heatmap } from './raster.js';

/** One node's function over the plane: its picture and where it sits in the network. */
export interface NodePicture {
  layer: string;
  /** 0-based index of the node in its layer */
  node: number;
  activation: LayerOutputs['activation'];
  raster: Raster;
}

/** Draws the points of a 2-D set over a picture of the plane, coloured by class (or by sign for regression). */
export function drawPoints(r: Raster, grid: PlaneGrid, set: LabeledSet, radius = 3): void {
  const scaleX = r.width / grid.width;
  const scaleY = r.height / grid.height;
  for (let i = 0; i < set.features.rows; i++) {
    const [px, py] = toPixel(grid, set.features.get(i, 0), set.features.get(i, 1));
    drawDot(r, px * scaleX, py * scaleY, radius, classColor(set.targets[i]!));
  }
}

/**
 * Every node's output over the grid, one picture per node: what each node computes as a function
 * of the two inputs (TensorFlow Playground's and the book's "function machine" view).
 */
export function nodePictures(nodes: NodeFunction, grid: PlaneGrid, scale = 1): NodePicture[] {
  const pictures: NodePicture[] = [];
  for (const layer of nodes(grid.points)) {
    const count = layer.values.shape[1]!;
    const norm = normalizer(layer);
    for (let k = 0; k < count; k++) {
      const values = new Float64Array(grid.width * grid.height);
      for (let i = 0; i < values.length; i++) values[i] = norm(layer.values.data[i * count + k]!);
      pictures.push({ layer: layer.name, node: k, activation: layer.activation, raster: heatmap(values, grid.width, grid.height, diverging, scale) });
    }
  }
  return pictures;
}

function blend(a: Rgb, t: number): Rgb {
  return [255 + (a[0] - 255) * t, 255 + (a[1] - 255) * t, 255 + (a[2] - 255) * t];
}

/**
 * The classifier's decision over the plane: each pixel in the colour of the predicted class, paler where the
 * model is unsure, with the data points on top. `probabilities` is the output layer: [points, 1] for a binary
 * model (P(class 1)) or [points, classes].
 */
export function decisionPicture(probabilities: Tensor, grid: PlaneGrid, set: LabeledSet, scale = 1): Raster {
  const n = grid.width * grid.height;
  if (probabilities.shape[0] !== n) throw new ShapeError(`decision picture: ${probabilities.shape[0]} outputs for ${n} grid points`);
  const k = probabilities.shape[1]!;
  const classOf = new Float64Array(n);
  const confidence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      const p = probabilities.data[i]!;
      classOf[i] = p >= 0.5 ? 1 : 0;
      confidence[i] = Math.abs(2 * p - 1);
    } else {
      let best = 0;
      for (let j = 1; j < k; j++) if (probabilities.data[i * k + j]! > probabilities.data[i * k + best]!) best = j;
      classOf[i] = best;
      confidence[i] = (probabilities.data[i * k + best]! - 1 / k) / (1 - 1 / k);
    }
  }
  const index = Float64Array.from({ length: n }, (_, i) => i);
  const r = heatmap(index, grid.width, grid.height, (i) => blend(classColor(classOf[i]!), 0.15 + 0.45 * confidence[i]!), scale);
  drawPoints(r, grid, set);
  return r;
}

/** The output layer of a node function as class probabilities for the decision picture. */
export function outputProbabilities(nodes: NodeFunction, grid: PlaneGrid): Tensor {
  const layers = nodes(grid.points);
  const out = layers[layers.length - 1]!;
  if (out.activation === 'sign') {
    // A perceptron has no probabilities: show its side of the boundary with full confidence.
    return new Tensor(out.values.shape, out.values.data.map((z) => (z > 0 ? 1 : 0)));
  }
  return out.values;
}
