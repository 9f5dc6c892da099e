import type { LinearModel } from '../models/linearModel.js';
import type { NeuralNetwork } from '../models/neuralNetwork.js';
import { Activation } from '../nn/activation.js';
import { sigmoid, softmaxRows } from '../tensor/ops/functions.js';
import type { Tensor } from '../tensor/tensor.js';

/** What one layer's nodes output for a batch of inputs. */
export interface LayerOutputs {
  /** e.g. 'hidden 1' or 'output' */
  name: string;
  /** the activation the nodes apply: it fixes the range their pictures are drawn in */
  activation: 'sigmoid' | 'softmax' | 'tanh' | 'relu' | 'leaky-relu' | 'linear' | 'sign';
  /** [rows, nodes] */
  values: Tensor;
}

/** The output of every node of a model for inputs x [rows, features], layer by layer. */
export type NodeFunction = (x: Tensor) => LayerOutputs[];

/** The nodes of a linear model: its output layer after the model's own activation. */
export function linearModelNodes(model: LinearModel): NodeFunction {
  return (x) => {
    const z = model.decisionFunction(x);
    switch (model.kind) {
      case 'logistic':
        return [{ name: 'output', activation: 'sigmoid', values: sigmoid(z, z) }];
      case 'softmax':
        return [{ name: 'output', activation: 'softmax', values: softmaxRows(z, z) }];
      case 'perceptron':
        return [{ name: 'output', activation: 'sign', values: z }];
      default:
        return [{ name: 'output', activation: 'linear', values: z }];
    }
  };
}

/**
 * Maps a node's outputs to [−1, 1] for a diverging colour map: probabilities (sigmoid, softmax) as 2p − 1
 * so 0.5 is white; tanh as is; unbounded outputs (ReLU, linear, sign scores) divided by the layer's largest |value|.
 */
export function normalizer(layer: LayerOutputs): (v: number) => number {
  switch (layer.activation) {
    case 'sigmoid':
    case 'softmax':
      return (v) => 2 * v - 1;
    case 'tanh':
      return (v) => v;
    default: {
      let max = 0;
      for (const v of layer.values.data) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
      return max > 0 ? (v) => v / max : () => 0;
    }
  }
}

/**
 * The nodes of a network: the output of every hidden activation layer (hidden 1, hidden 2, …), then the
 * output layer after the network's output activation.
 */
export function networkNodes(model: NeuralNetwork): NodeFunction {
  return (x) => {
    const { layers, output } = model.layerOutputs(x);
    const result: LayerOutputs[] = [];
    model.network.layers.forEach((layer, i) => {
      if (layer instanceof Activation) {
        result.push({ name: `hidden ${result.length + 1}`, activation: layer.name as LayerOutputs['activation'], values: layers[i]! });
      }
    });
    const out = model.options.output;
    result.push({ name: 'output', activation: out === 'softmax' ? 'softmax' : out === 'sigmoid' ? 'sigmoid' : 'linear', values: output });
    return result;
  };
}
