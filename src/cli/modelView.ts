import type { Features } from '../data/features.js';
import { UsageError } from '../errors.js';
import { type NodeFunction, linearModelNodes, networkNodes } from '../inspect/nodes.js';
import { LinearModel } from '../models/linearModel.js';
import { LinearRegression } from '../models/linearRegression.js';
import { LogisticRegression } from '../models/logisticRegression.js';
import { NeuralNetwork, type ResolvedNeuralNetworkOptions } from '../models/neuralNetwork.js';
import { formatLayerSpecs } from '../nn/layerSpec.js';
import { Perceptron } from '../models/perceptron.js';
import { SoftmaxClassifier } from '../models/softmaxClassifier.js';
import { argmaxRows } from '../tensor/ops/reduce.js';
import { sigmoid } from '../tensor/ops/functions.js';
import type { Tensor } from '../tensor/tensor.js';

/** The task a model solves, which fixes its loss and what it predicts. */
export type Task = 'regression' | 'binary' | 'multiclass';

/**
 * One view of any trained model for the commands: what it takes, what it predicts and what to draw.
 * The linear models and networks keep their own APIs; this adapts them in one place.
 */
export interface ModelView {
  kind: string;
  task: Task;
  inputs: number;
  /** classes for a classifier (2 for binary), 1 for regression */
  classes: number;
  /** regression: predicted values */
  values(x: Features): Float64Array;
  /** binary: P(class 1) per row, or a 0/1 decision for the perceptron; multiclass: [rows, classes] */
  probabilities(x: Features): Tensor;
  classesOf(x: Features): Int32Array;
  nodes: NodeFunction;
  /** [inputs, units] of the first layer, for weight pictures */
  firstLayerWeights: Tensor;
  model: LinearModel | NeuralNetwork;
}

/** How commands name a network: mlp:<hidden sizes>, or its layers as --model writes them. */
export function networkLabel(options: Pick<ResolvedNeuralNetworkOptions, 'hidden' | 'layers'>): string {
  return options.layers ? formatLayerSpecs(options.layers) : `mlp:${options.hidden.join(',')}`;
}

export function viewOf(model: LinearModel | NeuralNetwork): ModelView {
  if (model instanceof NeuralNetwork) {
    const task: Task = model.options.output === 'softmax' ? 'multiclass' : model.options.output === 'sigmoid' ? 'binary' : 'regression';
    const params = model.network.parameters();
    const classes = task === 'multiclass' ? params.at(-1)!.value.size : task === 'binary' ? 2 : 1;
    return {
      kind: networkLabel(model.options),
      task,
      inputs: model.inputWidth,
      classes,
      values: (x) => model.predict(x),
      probabilities: (x) => model.predictProba(x),
      classesOf: (x) => Int32Array.from(model.predict(x)),
      nodes: networkNodes(model),
      firstLayerWeights: params[0]!.value,
      model,
    };
  }
  const weights = model.learned.weights;
  const base = { kind: model.kind, inputs: weights.shape[0]!, nodes: linearModelNodes(model), firstLayerWeights: weights, model };
  if (model instanceof LinearRegression) {
    return { ...base, task: 'regression', classes: 1, values: (x) => model.predict(x), probabilities: () => unsupported(), classesOf: () => unsupported() };
  }
  if (model instanceof SoftmaxClassifier) {
    return { ...base, task: 'multiclass', classes: weights.shape[1]!, values: () => unsupported(), probabilities: (x) => model.predictProba(x), classesOf: (x) => argmaxRows(model.decisionFunction(x)) };
  }
  if (model instanceof LogisticRegression || model instanceof Perceptron) {
    return {
      ...base,
      task: 'binary',
      classes: 2,
      values: () => unsupported(),
      probabilities: (x) => {
        // One pass for the logits: σ(z) for logistic regression, the side of the line for the perceptron.
        const z = model.decisionFunction(x);
        if (model instanceof LogisticRegression) return sigmoid(z, z);
        for (let i = 0; i < z.size; i++) z.data[i] = z.data[i]! > 0 ? 1 : 0;
        return z;
      },
      classesOf: (x) => model.predict(x),
    };
  }
  throw new UsageError(`unknown model kind ${(model as LinearModel).kind}`);
}

function unsupported(): never {
  throw new UsageError('this model does not predict that');
}

export function isClassifierView(view: ModelView): boolean {
  return view.task !== 'regression';
}
