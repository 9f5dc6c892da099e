import { ShapeError, UsageError } from '../errors.js';
import type { EpilogueActivation } from '../kernels/types.js';
import { matmul } from '../tensor/ops/matmul.js';
import { sumRows } from '../tensor/ops/reduce.js';
import type { Parameter } from '../tensor/parameter.js';
import { zerosForKernels } from '../tensor/backend.js';
import type { Rng } from '../tensor/rng.js';
import { type DType, Tensor, formatShape } from '../tensor/tensor.js';
import { type InitName, initialize } from './init.js';
import type { ForwardOptions, Layer, LayerConfig } from './layer.js';
import { Scratch } from './scratch.js';

export interface DenseOptions {
  /** columns of the input x: [batch, inputs] */
  inputs: number;
  /** columns of the output z: [batch, units] */
  units: number;
  /** the random number generator the weights are drawn from */
  rng: Rng;
  /** weight initialization (biases start at 0). @default 'book' */
  init?: InitName;
  /** float type of the parameters; inputs must match. @default 'float32' */
  dtype?: DType;
  /** prefix of the parameter names. @default 'dense' */
  name?: string;
}

/**
 * A fully connected layer z = x·W + b with x: [batch, inputs], W: [inputs, units], b: [units].
 * Backward: ∂W = xᵀ·∂z, ∂b = Σ_rows ∂z, ∂x = ∂z·Wᵀ, each one matrix product or reduction on the kernels.
 */
export class Dense implements Layer {
  readonly kind = 'dense';
  readonly weights: Parameter;
  readonly bias: Parameter;
  readonly init: InitName;
  private readonly out = new Scratch();
  private readonly gradIn = new Scratch();
  private input: Tensor | undefined;

  constructor(options: DenseOptions) {
    const { inputs, units } = options;
    if (!Number.isInteger(inputs) || inputs < 1) throw new UsageError(`dense: inputs must be a whole number ≥ 1, got ${inputs}`);
    if (!Number.isInteger(units) || units < 1) throw new UsageError(`dense: units must be a whole number ≥ 1, got ${units}`);
    const dtype = options.dtype ?? 'float32';
    const name = options.name ?? 'dense';
    this.init = options.init ?? 'book';
    // In the kernels' memory where they have one: the products then read and write them without copies.
    const w = initialize(zerosForKernels([inputs, units], dtype), this.init, options.rng);
    this.weights = { name: `${name}.weights`, value: w, grad: zerosForKernels([inputs, units], dtype) };
    this.bias = { name: `${name}.bias`, value: zerosForKernels([units], dtype), grad: zerosForKernels([units], dtype), regularize: false };
  }

  get inputs(): number {
    return this.weights.value.shape[0]!;
  }

  get units(): number {
    return this.weights.value.shape[1]!;
  }

  /** z = x·W + b: [batch, inputs] → [batch, units]. */
  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    return this.forwardActivated(x, undefined);
  }

  /**
   * f(x·W + b) in one pass over the product (the bias and f applied to each block of it while it is in the
   * cache): what this layer followed by an Activation layer of f computes, with the same values.
   */
  forwardActivated(x: Tensor, activation: EpilogueActivation | undefined): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inputs) {
      throw new ShapeError(`dense: expected inputs [batch, ${this.inputs}], got ${formatShape(x.shape)}`);
    }
    const z = this.out.tensor([x.shape[0]!, this.units], this.weights.value.dtype);
    matmul(x, this.weights.value, { out: z, bias: this.bias.value, ...(activation ? { activation } : {}) });
    this.input = x;
    return z;
  }

  /** Writes ∂W = xᵀ·∂z: [inputs, units] and ∂b = Σ_rows ∂z: [units], for ∂z: [batch, units]. */
  parameterGradients(gradOut: Tensor): void {
    const x = this.input;
    if (!x) throw new UsageError('dense: backward before forward');
    matmul(x, gradOut, { transA: true, out: this.weights.grad });
    sumRows(gradOut, this.bias.grad);
  }

  /** Writes ∂W and ∂b (see parameterGradients); returns ∂x = ∂z·Wᵀ: [batch, inputs]. */
  backward(gradOut: Tensor): Tensor {
    this.parameterGradients(gradOut);
    const x = this.input!;
    const gx = this.gradIn.tensor(x.shape, x.dtype);
    return matmul(gradOut, this.weights.value, { transB: true, out: gx });
  }

  parameters(): readonly Parameter[] {
    return [this.weights, this.bias];
  }

  config(): LayerConfig {
    return { kind: this.kind, inputs: this.inputs, units: this.units, init: this.init };
  }
}
