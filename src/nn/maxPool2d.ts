import { UsageError } from '../errors.js';
import type { ConvGeometry, FloatArray } from '../kernels/types.js';
import { allocateForKernels, kernelsFor, releaseForKernels } from '../tensor/backend.js';
import type { Parameter } from '../tensor/parameter.js';
import type { Tensor } from '../tensor/tensor.js';
import { type ImageShape, asImages, checkImageShape, checkWindow, windowAxis } from './convShape.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { Scratch } from './scratch.js';

export interface MaxPool2DOptions {
  /** [height, width, channels] of each input image */
  inputShape: readonly number[];
  /** side of the square window */
  size: number;
  /** step between windows. @default size (windows side by side) */
  stride?: number;
}

/**
 * The largest value of each size×size window, per channel, over images stored NHWC; windows lie wholly inside
 * the image (a last row or column that no window covers is dropped, as 'valid' pooling does).
 * Backward sends each ∂y to the input the maximum came from; the other inputs of the window get 0.
 */
export class MaxPool2D implements Layer {
  readonly kind = 'max-pool2d';
  readonly inputShape: ImageShape;
  readonly outputShape: ImageShape;
  readonly size: number;
  readonly stride: number;
  private readonly out = new Scratch();
  private readonly gradIn = new Scratch();
  private argmax: Int32Array = new Int32Array(0);
  /** The kernels' memory behind argmax (kept here so the block stays allocated while argmax is in use). */
  private argmaxStore: FloatArray = new Float32Array(0);
  private input: Tensor | undefined;

  constructor(options: MaxPool2DOptions) {
    this.inputShape = checkImageShape('max pool', options.inputShape);
    const [h, w, c] = this.inputShape;
    this.size = checkWindow('max pool', 'size', options.size, Math.min(h, w));
    this.stride = checkWindow('max pool', 'stride', options.stride ?? this.size, 64);
    const rows = windowAxis(h, this.size, this.stride, 'valid');
    const columns = windowAxis(w, this.size, this.stride, 'valid');
    this.outputShape = [rows.out, columns.out, c];
  }

  private geometry(batch: number): ConvGeometry {
    const [height, width, channels] = this.inputShape;
    return { batch, height, width, channels, kernelSize: this.size, stride: this.stride, padTop: 0, padLeft: 0, outHeight: this.outputShape[0], outWidth: this.outputShape[1] };
  }

  /** [batch, h, w, c] (or flat rows) → [batch, outH, outW, c]. */
  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    const images = asImages('max pool', x, this.inputShape);
    const batch = images.shape[0]!;
    const y = this.out.tensor([batch, ...this.outputShape], x.dtype);
    if (this.argmax.length < y.size) this.growArgmax(y.size);
    kernelsFor(y.data).maxPool(images.data, this.geometry(batch), y.data, this.argmax);
    this.input = x;
    return y;
  }

  /** argmax for `size` outputs, in the kernels' own memory where they have one (so calls need no copies). */
  private growArgmax(size: number): void {
    releaseForKernels(this.argmaxStore);
    const store = allocateForKernels(size, 'float32');
    this.argmaxStore = store;
    this.argmax = new Int32Array(store.buffer, store.byteOffset, size);
  }

  backward(gradOut: Tensor): Tensor {
    const x = this.input;
    if (!x) throw new UsageError('max pool: backward before forward');
    const gx = this.gradIn.tensor(x.shape, x.dtype);
    kernelsFor(gx.data).maxPoolBackward(gradOut.data, this.argmax.subarray(0, gradOut.size), gx.data, gx.shape[0]);
    return gx;
  }

  parameters(): readonly Parameter[] {
    return [];
  }

  config(): LayerConfig {
    return { kind: this.kind, inputShape: [...this.inputShape], size: this.size, stride: this.stride };
  }
}
