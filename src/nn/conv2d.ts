import { UsageError } from '../errors.js';
import type { ConvGeometry, EpilogueActivation } from '../kernels/types.js';
import { kernelsFor, zerosForKernels } from '../tensor/backend.js';
import { matmul } from '../tensor/ops/matmul.js';
import { sumRows } from '../tensor/ops/reduce.js';
import type { Parameter } from '../tensor/parameter.js';
import type { Rng } from '../tensor/rng.js';
import { type DType, Tensor } from '../tensor/tensor.js';
import { type ImageShape, type Padding, type Pads, asImages, checkImageShape, checkWindow, windowAxis } from './convShape.js';
import { type InitName, initialize } from './init.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { Scratch } from './scratch.js';

/** Largest kernel side and stride a Conv2D accepts (larger ones are almost surely typos). */
const MAX_WINDOW = 64;

export interface Conv2DOptions {
  /** [height, width, channels] of each input image */
  inputShape: readonly number[];
  /** output channels (feature maps) */
  filters: number;
  /** side of the square kernel */
  kernelSize: number;
  /** step between windows. @default 1 */
  stride?: number;
  /** 'same' pads with zeros so the output is ⌈input / stride⌉; 'valid' uses whole windows only. @default 'same' */
  padding?: Padding;
  rng: Rng;
  /** @default 'he-normal' (convolutions are usually followed by ReLU) */
  init?: InitName;
  /** @default 'float32' */
  dtype?: DType;
  /** prefix of the parameter names. @default 'conv' */
  name?: string;
}

/**
 * A 2-D convolution over images stored NHWC: y[b, oy, ox, f] = Σ_{ky,kx,c} x[b, oy·s + ky − pad, ox·s + kx − pad, c] ·
 * W[(ky·k + kx)·c_in + c, f] + bias[f], computed as one matrix product cols · W, where im2col lays every window out
 * as a row of cols: [batch·outH·outW, k²·c_in]. Backward: ∂W = colsᵀ · ∂y, ∂b = Σ rows of ∂y, and
 * ∂x = col2im(∂y · Wᵀ) — the same fast GEMM as a Dense layer, on taller matrices.
 */
export class Conv2D implements Layer {
  readonly kind = 'conv2d';
  readonly weights: Parameter;
  readonly bias: Parameter;
  readonly inputShape: ImageShape;
  readonly outputShape: ImageShape;
  readonly filters: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: Padding;
  readonly pads: Pads;
  readonly init: InitName;
  private readonly cols = new Scratch();
  private readonly out = new Scratch();
  private readonly gradCols = new Scratch();
  private readonly gradIn = new Scratch();
  private input: Tensor | undefined;
  private inputCols: Tensor | undefined;

  constructor(options: Conv2DOptions) {
    this.inputShape = checkImageShape('conv2d', options.inputShape);
    this.filters = checkWindow('conv2d', 'filters', options.filters, 1_000_000);
    this.kernelSize = checkWindow('conv2d', 'kernelSize', options.kernelSize, MAX_WINDOW);
    this.stride = checkWindow('conv2d', 'stride', options.stride ?? 1, MAX_WINDOW);
    this.padding = options.padding ?? 'same';
    if (this.padding !== 'same' && this.padding !== 'valid') throw new UsageError(`conv2d: padding must be 'same' or 'valid', got ${String(this.padding)}`);
    const [h, w, c] = this.inputShape;
    const rows = windowAxis(h, this.kernelSize, this.stride, this.padding);
    const columns = windowAxis(w, this.kernelSize, this.stride, this.padding);
    if (rows.out < 1 || columns.out < 1) {
      throw new UsageError(`conv2d: a ${this.kernelSize}×${this.kernelSize} kernel does not fit a ${h}×${w} image with 'valid' padding`);
    }
    this.pads = { top: rows.before, left: columns.before, bottom: rows.after, right: columns.after };
    this.outputShape = [rows.out, columns.out, this.filters];
    const dtype = options.dtype ?? 'float32';
    const name = options.name ?? 'conv';
    this.init = options.init ?? 'he-normal';
    const fanIn = this.kernelSize * this.kernelSize * c;
    // In the kernels' memory where they have one: the products then read and write them without copies.
    const weights = initialize(zerosForKernels([fanIn, this.filters], dtype), this.init, options.rng);
    this.weights = { name: `${name}.weights`, value: weights, grad: zerosForKernels([fanIn, this.filters], dtype) };
    this.bias = { name: `${name}.bias`, value: zerosForKernels([this.filters], dtype), grad: zerosForKernels([this.filters], dtype), regularize: false };
  }

  private geometry(batch: number): ConvGeometry {
    const [height, width, channels] = this.inputShape;
    return {
      batch, height, width, channels, kernelSize: this.kernelSize, stride: this.stride,
      padTop: this.pads.top, padLeft: this.pads.left, outHeight: this.outputShape[0], outWidth: this.outputShape[1],
    };
  }

  /** [batch, h, w, c] (or flat rows of h·w·c) → [batch, outH, outW, filters]. */
  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    return this.forwardActivated(x, undefined);
  }

  /** f(forward(x)), f applied to each block of the product while it is in the cache (the same values). */
  forwardActivated(x: Tensor, activation: EpilogueActivation | undefined): Tensor {
    const images = asImages('conv2d', x, this.inputShape);
    const batch = images.shape[0]!;
    const [oh, ow] = this.outputShape;
    const dtype = this.weights.value.dtype;
    const cols = this.cols.tensor([batch * oh * ow, this.weights.value.shape[0]!], dtype);
    kernelsFor(cols.data).im2col(images.data, this.geometry(batch), cols.data);
    const z = this.out.tensor([batch * oh * ow, this.filters], dtype);
    matmul(cols, this.weights.value, { out: z, bias: this.bias.value, ...(activation ? { activation } : {}) });
    this.input = x;
    this.inputCols = cols;
    return z.reshape([batch, oh, ow, this.filters]);
  }

  /** Writes ∂W = colsᵀ · ∂y and ∂b = Σ ∂y over every position of every image. */
  parameterGradients(gradOut: Tensor): void {
    const cols = this.inputCols;
    if (!cols) throw new UsageError('conv2d: backward before forward');
    const g = gradOut.reshape([cols.shape[0]!, this.filters]);
    matmul(cols, g, { transA: true, out: this.weights.grad });
    sumRows(g, this.bias.grad);
  }

  /** Writes ∂W, ∂b; returns ∂x = col2im(∂y · Wᵀ) in the shape of the input. */
  backward(gradOut: Tensor): Tensor {
    this.parameterGradients(gradOut);
    const x = this.input!;
    const cols = this.inputCols!;
    const g = gradOut.reshape([cols.shape[0]!, this.filters]);
    const gCols = this.gradCols.tensor(cols.shape, cols.dtype);
    matmul(g, this.weights.value, { transB: true, out: gCols });
    const gx = this.gradIn.tensor(x.shape, x.dtype);
    kernelsFor(gx.data).col2im(gCols.data, this.geometry(x.shape[0]!), gx.data);
    return gx;
  }

  parameters(): readonly Parameter[] {
    return [this.weights, this.bias];
  }

  config(): LayerConfig {
    return {
      kind: this.kind, inputShape: [...this.inputShape], filters: this.filters, kernelSize: this.kernelSize,
      stride: this.stride, padding: this.padding, init: this.init,
    };
  }
}
