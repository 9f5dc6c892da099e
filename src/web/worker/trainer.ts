/**
 * The 2-D lab's training state, with no DOM and no worker API, so Node tests can drive it: builds the data and
 * a NeuralNetwork from a LabConfig, trains one epoch at a time, and renders a Frame of node pictures.
 * Training steps the network's own mini-batch loop by hand so it can stop and resume between any two epochs;
 * the same config always gives the same run.
 */
import {
  MiniBatches, Rng, Tensor, createOptimizer, makeGenerated, parseDelimited, parseModelFile,
  serializeModel, splitIndices, subset,
} from '../../index.js';
import type { LabeledSet, Optimizer } from '../../index.js';
// Not in the public API yet (see the report): the network estimator and the plane-picture helpers.
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import { type PlaneBounds, type PlaneGrid, dataBounds, planeGrid } from '../../inspect/grid.js';
import { networkNodes } from '../../inspect/nodes.js';
import { decisionPicture, nodePictures } from '../../inspect/planePictures.js';
import { diverging } from '../../inspect/colormap.js';
import { heatmap } from '../../inspect/raster.js';
import { type LabConfig, MAX_LAYERS, MAX_NODES } from '../state/props.js';
import type { CustomData, Frame, Layout, Picture } from './protocol.js';

/** Grid points per side of each node picture, and its pixel scale. */
export const NODE_GRID = 40;
export const NODE_SCALE = 2;
/** Grid points per side of the decision picture, and its pixel scale. */
export const DECISION_GRID = 100;
export const DECISION_SCALE = 3;
export const MAX_CLASSES = 8;

function loadData(config: LabConfig, custom: CustomData | undefined): LabeledSet {
  if (config.dataset !== 'csv') {
    const multi = config.dataset === 'spiral' || config.dataset === 'blobs';
    return makeGenerated(config.dataset, { n: config.size, noise: config.noise, seed: config.seed, ...(multi ? { classes: config.classes } : {}) });
  }
  if (!custom) throw new Error('no CSV file loaded: drop one on the page or pick it with "CSV file"');
  const set = parseDelimited(custom.text, { source: custom.name });
  if (set.features.cols !== 2) throw new Error(`${custom.name}: the lab needs 2 input columns and a label column, got ${set.features.cols} inputs`);
  const counts = new Set<number>();
  for (const t of set.targets) {
    if (!Number.isInteger(t) || t < 0) throw new Error(`${custom.name}: labels must be class names or whole numbers ≥ 0, got ${t}`);
    counts.add(t);
  }
  const classes = Math.max(...counts) + 1;
  if (classes < 2 || classes > MAX_CLASSES) throw new Error(`${custom.name}: the lab shows 2 to ${MAX_CLASSES} classes, got ${classes}`);
  return set;
}

function classCount(set: LabeledSet): number {
  let max = 0;
  for (const t of set.targets) max = Math.max(max, t);
  return Math.max(2, max + 1);
}

/** Rows of a set as [rows, 2] float64 inputs, scaled as the model reads them, and encoded targets. */
function tensors(set: LabeledSet, model: NeuralNetwork, classes: number): { x: Tensor; y: Tensor; labels: Float64Array } {
  const rows = set.features.rows;
  const x = Tensor.zeros([rows, 2], 'float64');
  set.features.gather(Int32Array.from({ length: rows }, (_, i) => i), x.data, model.standardizer);
  const outputs = classes === 2 ? 1 : classes;
  const y = Tensor.zeros([rows, outputs], 'float64');
  for (let r = 0; r < rows; r++) {
    const t = set.targets[r]!;
    if (outputs === 1) y.data[r] = t;
    else y.data[r * outputs + t] = 1;
  }
  return { x, y, labels: set.targets };
}

export class Trainer {
  readonly config: LabConfig;
  readonly all: LabeledSet;
  readonly classes: number;
  epoch = 0;
  readonly trainLoss: number[] = [];
  readonly testLoss: number[] = [];
  private model: NeuralNetwork;
  private optimizer: Optimizer;
  private readonly train: LabeledSet;
  private readonly test: LabeledSet;
  private batches: MiniBatches;
  private readonly nodeGrid: PlaneGrid;
  private readonly decisionGrid: PlaneGrid;
  private trainT!: { x: Tensor; y: Tensor; labels: Float64Array };
  private testT!: { x: Tensor; y: Tensor; labels: Float64Array };
  private readonly inputPictures: Picture[];
  private readonly batchBuffers = new Map<number, [Tensor, Tensor]>();

  /** Builds the data and an untrained network; `loaded` replaces the network by a model file's. */
  constructor(config: LabConfig, custom?: CustomData, loaded?: NeuralNetwork) {
    this.all = loadData(config, custom);
    this.classes = classCount(this.all);
    const split = splitIndices(this.all.features.rows, { test: config.testFraction, rng: new Rng(config.seed + 7919) });
    this.train = subset(this.all, split.train);
    this.test = subset(this.all, split.test);
    this.config = loaded ? configOf(config, loaded) : { ...config, hidden: [...config.hidden] };
    this.model = loaded ?? this.build();
    this.optimizer = createOptimizer(this.config.optimizer, this.config.learningRate);
    this.batches = new MiniBatches(Int32Array.from({ length: this.train.features.rows }, (_, i) => i), {
      batchSize: Math.min(this.config.batchSize, this.train.features.rows), shuffle: true, rng: new Rng(this.config.seed + 104729),
    });
    this.tensorsFor();
    const bounds = squareBounds(dataBounds(this.all.features, 0.1));
    this.nodeGrid = planeGrid(bounds, NODE_GRID);
    this.decisionGrid = planeGrid(bounds, DECISION_GRID);
    this.inputPictures = [0, 1].map((c) => {
      const span = Math.max(Math.abs(c === 0 ? bounds.xMin : bounds.yMin), Math.abs(c === 0 ? bounds.xMax : bounds.yMax));
      const values = new Float64Array(NODE_GRID * NODE_GRID);
      for (let i = 0; i < values.length; i++) values[i] = this.nodeGrid.points.data[2 * i + c]! / span;
      return heatmap(values, NODE_GRID, NODE_GRID, diverging, NODE_SCALE);
    });
    this.recordLosses();
  }

  private build(): NeuralNetwork {
    const c = this.config;
    const model = new NeuralNetwork({
      hidden: c.hidden, activation: c.activation, output: this.classes === 2 ? 'sigmoid' : 'softmax', init: 'xavier',
      optimizer: c.optimizer, learningRate: c.learningRate, batchSize: c.batchSize, l2: c.l2, seed: c.seed, dtype: 'float64',
      epochs: 0, standardize: c.dataset === 'csv',
    });
    // Zero epochs: builds the seeded network (and the standardizer) without training it.
    return model.fit(this.train.features, this.train.targets);
  }

  private tensorsFor(): void {
    this.trainT = tensors(this.train, this.model, this.classes);
    this.testT = tensors(this.test, this.model, this.classes);
  }

  /** Mean loss over a split, without the weight penalty. */
  private lossOn(t: { x: Tensor; labels: Float64Array }): number {
    const p = this.model.network.predictProba(t.x);
    const k = p.shape[1]!;
    let total = 0;
    for (let r = 0; r < t.labels.length; r++) {
      const label = t.labels[r]!;
      const q = k === 1 ? (label === 1 ? p.data[r]! : 1 - p.data[r]!) : p.data[r * k + label]!;
      total -= Math.log(Math.max(q, 1e-12));
    }
    return total / Math.max(1, t.labels.length);
  }

  private recordLosses(): void {
    this.trainLoss.push(this.lossOn(this.trainT));
    this.testLoss.push(this.lossOn(this.testT));
  }

  /** The fraction of test points classified correctly. */
  testAccuracy(): number {
    const p = this.model.network.predictProba(this.testT.x);
    const k = p.shape[1]!;
    let correct = 0;
    for (let r = 0; r < this.testT.labels.length; r++) {
      let best = 0;
      if (k === 1) best = p.data[r]! >= 0.5 ? 1 : 0;
      else for (let j = 1; j < k; j++) if (p.data[r * k + j]! > p.data[r * k + best]!) best = j;
      if (best === this.testT.labels[r]) correct++;
    }
    return correct / Math.max(1, this.testT.labels.length);
  }

  /** One pass over the training rows in shuffled mini-batches; throws if the loss stops being finite. */
  trainEpoch(): void {
    const net = this.model.network;
    const { x, y } = this.trainT;
    const outputs = y.shape[1]!;
    for (const indices of this.batches.epoch()) {
      const [xb, yb] = this.batchTensors(indices.length, outputs);
      for (let r = 0; r < indices.length; r++) {
        const i = indices[r]!;
        xb.data[2 * r] = x.data[2 * i]!;
        xb.data[2 * r + 1] = x.data[2 * i + 1]!;
        for (let j = 0; j < outputs; j++) yb.data[r * outputs + j] = y.data[i * outputs + j]!;
      }
      const loss = net.lossAndGradient(xb, yb);
      if (!Number.isFinite(loss)) throw new Error(`training diverged at epoch ${this.epoch + 1}: try a smaller learning rate`);
      this.optimizer.step(net.parameters());
    }
    this.epoch++;
    this.recordLosses();
  }

  /** Reused [rows, 2] and [rows, outputs] batch tensors: one pair for full batches, one for the last. */
  private batchTensors(rows: number, outputs: number): [Tensor, Tensor] {
    let pair = this.batchBuffers.get(rows);
    if (!pair) {
      pair = [Tensor.zeros([rows, 2], 'float64'), Tensor.zeros([rows, outputs], 'float64')];
      this.batchBuffers.set(rows, pair);
    }
    return pair;
  }

  /** The layer sizes and data summary for the page. */
  layout(): Layout {
    const sizes = [2, ...this.config.hidden, this.classes === 2 ? 1 : this.classes];
    const activations = [...this.config.hidden.map(() => this.config.activation), this.classes === 2 ? 'sigmoid' : 'softmax'];
    const inputNames = this.all.featureNames.length === 2 ? [...this.all.featureNames] : ['x1', 'x2'];
    return {
      sizes, activations, inputNames, classes: this.classes, trainRows: this.train.features.rows, testRows: this.test.features.rows,
      source: this.all.source, config: this.config,
    };
  }

  /** Pictures of every node and of the decision, the weights, and the losses since epoch `since` (0: all). */
  frame(since = 0): Frame {
    const hidden = nodePictures(networkNodes(this.model), this.nodeGrid, NODE_SCALE).map((p) => p.raster);
    const inputs = this.inputPictures.map((p) => ({ width: p.width, height: p.height, rgba: p.rgba.slice() }));
    const probabilities = this.model.predictProba(this.decisionGrid.points);
    const decision = decisionPicture(probabilities, this.decisionGrid, this.all, DECISION_SCALE);
    const weights: Float64Array[] = [];
    const biases: Float64Array[] = [];
    for (const p of this.model.network.parameters()) {
      if (p.name.endsWith('.weights')) weights.push(Float64Array.from(p.value.data));
      else if (p.name.endsWith('.bias')) biases.push(Float64Array.from(p.value.data));
    }
    return {
      epoch: this.epoch, firstEpoch: since, trainLoss: this.trainLoss.slice(since), testLoss: this.testLoss.slice(since),
      testAccuracy: this.testAccuracy(),
      nodes: [...inputs, ...hidden], decision, weights, biases,
    };
  }

  /** The trained network as a Platypus model file. */
  modelFile(): string {
    return serializeModel({
      model: this.model, featureNames: this.all.featureNames, targetName: this.all.targetName,
      ...(this.all.classNames ? { classNames: this.all.classNames } : {}),
    });
  }

  /** A trainer over the same data whose network is the one in a model file (2 inputs, this many classes). */
  withModelFile(text: string, name: string, custom?: CustomData): Trainer {
    const saved = parseModelFile(text, name);
    const model = saved.model;
    if (!(model instanceof NeuralNetwork)) throw new Error(`${name}: the lab loads neural-network models, this is a ${model.kind} model`);
    const state = model.learnedState();
    if (state.inputs !== 2) throw new Error(`${name}: the model takes ${state.inputs} inputs, the lab has 2`);
    const outputs = this.classes === 2 ? 1 : this.classes;
    if (state.outputs !== outputs) throw new Error(`${name}: the model has ${state.outputs} outputs, this dataset needs ${outputs}`);
    if (model.options.hidden.length > MAX_LAYERS || model.options.hidden.some((h) => h > MAX_NODES)) {
      throw new Error(`${name}: the lab shows up to ${MAX_LAYERS} hidden layers of ${MAX_NODES} nodes`);
    }
    return new Trainer(this.config, custom, model);
  }
}

/** The config with the network part taken from a loaded model. */
function configOf(config: LabConfig, model: NeuralNetwork): LabConfig {
  const o = model.options;
  const activation = o.activation;
  return { ...config, hidden: [...o.hidden], activation, learningRate: o.learningRate, optimizer: o.optimizer, l2: o.l2,
    batchSize: o.batchSize === 'all' ? config.batchSize : o.batchSize };
}

/** Bounds widened to a square around their centre, so circles look round. */
function squareBounds(b: PlaneBounds): PlaneBounds {
  const half = Math.max(b.xMax - b.xMin, b.yMax - b.yMin) / 2;
  const cx = (b.xMin + b.xMax) / 2;
  const cy = (b.yMin + b.yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

