import { ShapeError, UsageError } from '../errors.js';
import { type Tensor, formatShape } from '../tensor/tensor.js';

/** An image's shape: [height, width, channels] (the layers store images NHWC). */
export type ImageShape = readonly [number, number, number];

export type Padding = 'same' | 'valid';

/** Zero rows and columns around an image; 'same' puts an odd extra row or column at the bottom or right. */
export interface Pads {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Output length and padding of a window of `size` moved by `stride` along one axis of `length`:
 * 'valid' keeps the windows inside (⌊(length − size) / stride⌋ + 1), 'same' pads so that ⌈length / stride⌉
 * windows fit, splitting the padding with the extra one after (TensorFlow's and ONNX SAME_UPPER's rule).
 */
export function windowAxis(length: number, size: number, stride: number, padding: Padding): { out: number; before: number; after: number } {
  if (padding === 'valid') {
    if (length < size) return { out: 0, before: 0, after: 0 };
    return { out: Math.floor((length - size) / stride) + 1, before: 0, after: 0 };
  }
  const out = Math.ceil(length / stride);
  const total = Math.max(0, (out - 1) * stride + size - length);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

export function checkImageShape(layer: string, shape: readonly number[]): ImageShape {
  if (shape.length !== 3 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new UsageError(`${layer}: inputShape must be [height, width, channels] of whole numbers ≥ 1, got ${formatShape(shape)}`);
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

export function checkWindow(layer: string, what: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${layer}: ${what} must be a whole number in [1, ${max}], got ${value}`);
  return value;
}

/**
 * x as [batch, height, width, channels]: a 4-D tensor of that shape as it is, or rows of flat images
 * [batch, height·width·channels] viewed as images (no copy).
 */
export function asImages(layer: string, x: Tensor, shape: ImageShape): Tensor {
  const [h, w, c] = shape;
  if (x.rank === 4 && x.shape[1] === h && x.shape[2] === w && x.shape[3] === c) return x;
  if (x.rank === 2 && x.shape[1] === h * w * c) return x.reshape([x.shape[0]!, h, w, c]);
  throw new ShapeError(`${layer}: expected images [batch, ${h}, ${w}, ${c}] (or rows of ${h * w * c} values), got ${formatShape(x.shape)}`);
}
