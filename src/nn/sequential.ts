import { ShapeError, UsageError } from '../errors.js';
import { sigmoid, softmaxRows } from '../tensor/ops/functions.js';
import type { Parameter } from '../tensor/parameter.js';
import { Tensor, allocate, formatShape, sizeOf } from '../tensor/tensor.js';
import type { Objective } from '../train/objective.js';
import { Activation } from './activation.js';
import type { ForwardOptions, Json, Layer } from './layer.js';
import type { Loss } from './losses.js';
import { type Penalty, addWeightPenaltyGradient, resolvePenalty, weightPenalty } from './regularizers.js';
import { Scratch } from './scratch.js';

const TRAINING: ForwardOptions = Object.freeze({ training: true });
const INFERENCE: ForwardOptions = Object.freeze({ training: false });

/** Rows scored per step by predict, so memory stays bounded on large inputs. */
export const PREDICT_BATCH = 1024;
/** The same for networks with image layers, whose activations are a hundred times wider per row. */
export const PREDICT_BATCH_IMAGES = 128;

/** l1, l2: weight decay λ₁·Σ|W| + λ₂·ΣW² on every parameter except biases and γ/β. @default 0 each */
export type SequentialOptions = Penalty;

export interface PredictOptions {
  /** rows per forward pass. @default PREDICT_BATCH (1024), or PREDICT_BATCH_IMAGES (128) with convolutions or pooling */
  batchSize?: number;
}

/** Every layer's output for one batch, and the output activation applied to the last. */
export interface LayerActivations {
  /** layers[i] is the output of network.layers[i] (copies, safe to keep) */
  layers: Tensor[];
  /** the loss's output activation (softmax, sigmoid, identity) of the last layer: the network's prediction */
  output: Tensor;
}

/**
 * Layers applied in order, ending in logits z: [batch, outputs] that a fused Loss (softmax + cross-entropy,
 * sigmoid + log loss, or mean squared error) compares with targets y. As an Objective it plugs into fit():
 * loss = L(z, y) + Σ layer penalties + R(W), and ∂/∂θ flows back through each layer's backward rule.
 * Parameter names are prefixed with the layer's index ('0.dense.weights'), so an optimizer's per-name state
 * stays apart.
 */
export class Sequential implements Objective {
  readonly layers: readonly Layer[];
  /** the fused output loss on the logits */
  readonly outputLoss: Loss;
  readonly penalty: Required<Penalty>;
  private readonly params: readonly Parameter[];
  /** backward stops at this layer: the first one with parameters (nothing before it needs a gradient) */
  private readonly firstTrainable: number;
  private readonly gradZ = new Scratch();
  private last: Tensor | undefined;

  constructor(layers: readonly Layer[], loss: Loss, options: SequentialOptions = {}) {
    if (layers.length === 0) throw new UsageError('sequential: a network needs at least one layer');
    this.layers = [...layers];
    this.outputLoss = loss;
    this.penalty = resolvePenalty(options, 'sequential');
    this.firstTrainable = this.layers.findIndex((l) => l.parameters().length > 0);
    this.params = this.layers.flatMap((layer, i) =>
      layer.parameters().map((p): Parameter => ({ name: `${i}.${p.name}`, value: p.value, grad: p.grad, regularize: p.regularize ?? true })),
    );
  }

  parameters(): readonly Parameter[] {
    return this.params;
  }

  /** Rows per forward pass when predicting: PREDICT_BATCH, or PREDICT_BATCH_IMAGES with convolutions or pooling. */
  get predictBatch(): number {
    return this.layers.some((l) => l.kind === 'conv2d' || l.kind === 'max-pool2d') ? PREDICT_BATCH_IMAGES : PREDICT_BATCH;
  }

  /**
   * z: the last layer's output for x: [batch, …] (a reused buffer, valid until the next forward pass).
   * A dense or convolution layer followed by a sigmoid or relu runs as one fused product (the same values).
   */
  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    const layers = this.layers;
    let h = x;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const next = layers[i + 1];
      if (layer.forwardActivated && next instanceof Activation && next.epilogue !== undefined) {
        h = layer.forwardActivated(h, next.epilogue);
        next.adoptOutput(h);
        i++;
      } else {
        h = layer.forward(h, options);
      }
    }
    this.last = h;
    return h;
  }

  /** z of the latest forward pass (e.g. to count correct rows after a training step); undefined before one. */
  get lastOutput(): Tensor | undefined {
    return this.last;
  }

  /** The penalties of the last forward pass: activity penalties of the layers plus weight decay. */
  private penalties(): number {
    let r = weightPenalty(this.params, this.penalty);
    for (const layer of this.layers) if (layer.penalty) r += layer.penalty();
    return r;
  }

  /**
   * Training-mode loss on a batch; fills every parameter's grad with ∂loss/∂θ. The backward pass stops at the
   * first trainable layer, which computes only its parameter gradients (no ∂loss/∂x).
   */
  lossAndGradient(x: Tensor, y: Tensor): number {
    const z = this.forward(x, TRAINING);
    let g = this.gradZ.tensor(z.shape, z.dtype);
    let loss: number;
    if (this.outputLoss.fnAndGrad) loss = this.outputLoss.fnAndGrad(z, y, g);
    else {
      loss = this.outputLoss.fn(z, y);
      this.outputLoss.grad(z, y, g);
    }
    loss += this.penalties();
    const stop = this.firstTrainable;
    for (let i = this.layers.length - 1; i >= 0 && i >= stop; i--) {
      const layer = this.layers[i]!;
      if (i === stop && layer.parameterGradients) layer.parameterGradients(g);
      else g = layer.backward(g);
    }
    addWeightPenaltyGradient(this.params, this.penalty);
    return loss;
  }

  /** Inference-mode loss on a batch (dropout off, batch norm on running statistics), penalties included. */
  loss(x: Tensor, y: Tensor): number {
    const z = this.forward(x, INFERENCE);
    return this.outputLoss.fn(z, y) + this.penalties();
  }

  /** Logits z: [rows, outputs] for every row of x, computed in batches. */
  decisionFunction(x: Tensor, options: PredictOptions = {}): Tensor {
    const batchSize = options.batchSize ?? this.predictBatch;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`predict: batchSize must be a whole number ≥ 1, got ${batchSize}`);
    if (x.rank < 2) throw new ShapeError(`predict: inputs must be [rows, features…], got ${formatShape(x.shape)}`);
    const rows = x.shape[0]!;
    const rowSize = sizeOf(x.shape.slice(1));
    let result: Tensor | undefined;
    for (let start = 0; start < rows || result === undefined; start += batchSize) {
      const end = Math.min(start + batchSize, rows);
      const xb = new Tensor([end - start, ...x.shape.slice(1)], x.data.subarray(start * rowSize, end * rowSize));
      const z = this.forward(xb, INFERENCE);
      const outputs = z.shape[1]!;
      result ??= new Tensor([rows, outputs], allocate(rows * outputs, z.dtype));
      result.data.set(z.data, start * outputs);
      if (end >= rows) break;
    }
    return result;
  }

  /** The loss's output activation applied to z in place: softmax rows, σ, or the identity; 'sign' gives 0/1. */
  outputActivation(z: Tensor): Tensor {
    switch (this.outputLoss.output) {
      case 'softmax':
        return softmaxRows(z, z);
      case 'sigmoid':
        return sigmoid(z, z);
      case 'sign':
        for (let i = 0; i < z.size; i++) z.data[i] = z.data[i]! >= 0 ? 1 : 0;
        return z;
      default:
        return z;
    }
  }

  /** Predictions [rows, outputs]: class probabilities for softmax/sigmoid outputs, values for a linear output. */
  predictProba(x: Tensor, options: PredictOptions = {}): Tensor {
    return this.outputActivation(this.decisionFunction(x, options));
  }

  /** The output of every layer (every node) for one batch x, in inference mode: for inspection and heatmaps. */
  activations(x: Tensor): LayerActivations {
    const layers: Tensor[] = [];
    let h = x;
    for (const layer of this.layers) {
      h = layer.forward(h, INFERENCE);
      layers.push(h.clone());
    }
    return { layers, output: this.outputActivation(h.clone()) };
  }

  /** The architecture as plain JSON: each layer's config, the loss and the weight decay. */
  config(): { layers: Json[]; loss: string; l1: number; l2: number } {
    return { layers: this.layers.map((l) => ({ ...l.config() })), loss: this.outputLoss.name, l1: this.penalty.l1, l2: this.penalty.l2 };
  }
}
