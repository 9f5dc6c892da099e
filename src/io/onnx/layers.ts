import { ModelError } from '../../errors.js';
import { Activation } from '../../nn/activation.js';
import type { ActivationName } from '../../nn/activations.js';
import { ActivityRegularization } from '../../nn/activityRegularization.js';
import { BatchNorm } from '../../nn/batchNorm.js';
import { Conv2D } from '../../nn/conv2d.js';
import { Dense } from '../../nn/dense.js';
import { Dropout } from '../../nn/dropout.js';
import { Flatten } from '../../nn/flatten.js';
import type { Layer } from '../../nn/layer.js';
import { MaxPool2D } from '../../nn/maxPool2d.js';
import type { Tensor } from '../../tensor/tensor.js';
import { conv2d, maxPool2d } from './convolution.js';
import { type GraphBuilder, float } from './graphBuilder.js';
import { type Layout, asRows, describeLayout } from './layout.js';

/** Each Platypus activation and the ONNX operator that computes it ('linear' needs none). */
const ACTIVATION_OPS: Readonly<Record<ActivationName, string | undefined>> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu',
  'leaky-relu': 'LeakyRelu',
  linear: undefined,
};

/** Gemm(x, W, b) = x·W + b with W: [inputs, units] as Platypus stores it (transB = 0). */
export function gemm(g: GraphBuilder, where: string, weights: Tensor, bias: Tensor): void {
  const [inputs, units] = weights.shape as [number, number];
  const w = g.floats(`${where}.weights`, [inputs, units], weights.data);
  const b = g.floats(`${where}.bias`, [units], bias.data);
  g.apply(`${where}.gemm`, 'Gemm', [w, b]);
}

function dense(g: GraphBuilder, layer: Dense, where: string, layout: Layout): Layout {
  const rows = asRows(g, layout, where);
  if (rows.features !== layer.inputs) throw new ModelError(`export: ${where} takes ${layer.inputs} inputs, gets ${describeLayout(rows)}`);
  gemm(g, where, layer.weights.value, layer.bias.value);
  return { kind: 'flat', features: layer.units };
}

function activation(g: GraphBuilder, layer: Activation, where: string, layout: Layout): Layout {
  const config = layer.config();
  if (!Object.hasOwn(ACTIVATION_OPS, layer.name)) throw new ModelError(`export: ${where}: activation ${layer.name} has no ONNX mapping`);
  const op = ACTIVATION_OPS[layer.name];
  if (op === 'LeakyRelu') g.apply(`${where}.${layer.name}`, op, [], { alpha: float(config.alpha as number) });
  else if (op) g.apply(`${where}.${layer.name}`, op);
  return layout;
}

/**
 * BatchNormalization in inference mode with the running statistics: y = γ·(x − μ)/sqrt(σ² + ε) + β over
 * dimension 1, which is the feature column of rows [N, features] and the channel of NCHW images (Platypus
 * normalizes the last, channel axis of its NHWC images: the same statistics per channel).
 */
function batchNorm(g: GraphBuilder, layer: BatchNorm, where: string, layout: Layout): Layout {
  const size = layout.kind === 'flat' ? layout.features : layout.shape[2];
  if (size !== layer.features) throw new ModelError(`export: ${where} normalizes ${layer.features} features, gets ${describeLayout(layout)}`);
  const k = [layer.features];
  const inputs = [
    g.floats(`${where}.gamma`, k, layer.gamma.value.data),
    g.floats(`${where}.beta`, k, layer.beta.value.data),
    g.floats(`${where}.running_mean`, k, layer.runningMean.data),
    g.floats(`${where}.running_variance`, k, layer.runningVariance.data),
  ];
  g.apply(`${where}.batch_norm`, 'BatchNormalization', inputs, { epsilon: float(layer.epsilon) });
  return layout;
}

/**
 * Appends the nodes that compute `layer` (layer number `index` of a network) to the graph and returns the
 * layout of its output. Dropout and activity regularization are the identity at inference and add nothing.
 * Convolutions and pooling work on NCHW images (see layout.ts). A layer of a kind with no mapping is refused with a ModelError naming its index and kind.
 */
export function layerNodes(g: GraphBuilder, layer: Layer, index: number, layout: Layout): Layout {
  const where = `layer${index}.${layer.kind}`;
  if (layer instanceof Dense) return dense(g, layer, where, layout);
  if (layer instanceof Activation) return activation(g, layer, where, layout);
  if (layer instanceof BatchNorm) return batchNorm(g, layer, where, layout);
  if (layer instanceof Conv2D) return conv2d(g, layer, where, layout);
  if (layer instanceof MaxPool2D) return maxPool2d(g, layer, where, layout);
  if (layer instanceof Dropout || layer instanceof ActivityRegularization) return layout;
  if (layer instanceof Flatten) return asRows(g, layout, where);
  throw new ModelError(`export: layer ${index} (${layer.kind}) has no ONNX mapping`);
}
