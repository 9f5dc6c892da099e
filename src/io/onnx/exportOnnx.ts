import type { Standardizer } from '../../data/standardize.js';
import { ModelError } from '../../errors.js';
import type { LinearModel } from '../../models/linearModel.js';
import { NeuralNetwork } from '../../models/neuralNetwork.js';
import { Sequential } from '../../nn/sequential.js';
import { GraphBuilder } from './graphBuilder.js';
import { gemm, layerNodes } from './layers.js';
import type { Layout } from './layout.js';
import { networkInputs } from './networkInputs.js';
import { type OnnxModel, type OnnxValueInfo, encodeOnnxModel } from './proto.js';
import { ONNX_FLOAT } from './schema.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from './versions.js';

export { ONNX_IR_VERSION, ONNX_OPSET };

/** The graph's input: float32 rows [N, features], N the batch size chosen at run time. */
export const ONNX_INPUT = 'input';

export interface OnnxExportOptions {
  /** written as the file's producer_version (the CLI writes the Platypus version). @default not written */
  producerVersion?: string;
  /** extra key/value pairs for the file's metadata_props, e.g. class names. @default {} */
  metadata?: Readonly<Record<string, string>>;
}

/** What the last node's output is: probabilities through softmax or sigmoid, or the raw score/value. */
type OutputKind = 'softmax' | 'sigmoid' | 'identity';

/** x ↦ (x − mean) · (1/std) per feature, as Platypus standardizes rows before its first layer. */
function standardize(g: GraphBuilder, s: Standardizer): void {
  const k = [s.mean.length];
  g.apply('standardize.sub', 'Sub', [g.floats('standardize.mean', k, s.shift)]);
  g.apply('standardize.mul', 'Mul', [g.floats('standardize.inv_std', k, s.factor)]);
}

/** The output activation, then the final value named 'probabilities' (softmax, sigmoid) or 'output'. */
function finish(g: GraphBuilder, kind: OutputKind): string {
  if (kind === 'softmax') g.apply('output.softmax', 'Softmax', [], { axis: 1 });
  if (kind === 'sigmoid') g.apply('output.sigmoid', 'Sigmoid');
  const name = kind === 'identity' ? 'output' : 'probabilities';
  g.finish(name);
  return name;
}

function floatRows(name: string, columns: number): OnnxValueInfo {
  return { name, type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: columns }] } } } };
}

/** The graph's size and output activation, once its nodes are built. */
interface GraphShape {
  features: number;
  outputs: number;
  kind: OutputKind;
}

/** [standardization →] each layer's nodes; the output activation of the network's loss. */
function networkExport(g: GraphBuilder, model: Sequential | NeuralNetwork): GraphShape {
  const network = model instanceof Sequential ? model : model.network;
  const standardizer = model instanceof Sequential ? undefined : model.standardizer;
  const features = networkInputs(network.layers);
  if (standardizer && standardizer.mean.length !== features) {
    throw new ModelError(`export: the standardizer has ${standardizer.mean.length} features, the network takes ${features}`);
  }
  if (standardizer) standardize(g, standardizer);
  let layout: Layout = { kind: 'flat', features };
  for (const [i, layer] of network.layers.entries()) layout = layerNodes(g, layer, i, layout);
  if (layout.kind !== 'flat') throw new ModelError(`export: the network ends in images (${layout.shape.join('×')}), not rows of outputs`);
  const output = network.outputLoss.output;
  // 'sign' (a perceptron's 0/1 step) is exported as its score z: class 1 where z ≥ 0.
  return { features, outputs: layout.features, kind: output === 'softmax' || output === 'sigmoid' ? output : 'identity' };
}

const LINEAR_OUTPUTS: Record<string, OutputKind> = { linear: 'identity', logistic: 'sigmoid', softmax: 'softmax', perceptron: 'identity' };

/** [standardization →] Gemm → the model's output activation (none for regression and the perceptron's score). */
function linearExport(g: GraphBuilder, model: LinearModel): GraphShape {
  const { weights, bias, standardizer } = model.learned;
  const kind = LINEAR_OUTPUTS[model.kind];
  if (!kind) throw new ModelError(`export: linear model kind ${model.kind} has no ONNX mapping`);
  if (standardizer) standardize(g, standardizer);
  gemm(g, 'linear', weights, bias);
  return { features: weights.shape[0]!, outputs: weights.shape[1]!, kind };
}

/** What can be exported: a linear model, a NeuralNetwork, or a Sequential stack of layers built by hand. */
export type ExportableModel = LinearModel | NeuralNetwork | Sequential;

/**
 * A trained model as an ONNX ModelProto (plain objects; encodeOnnxModel gives the file's bytes).
 * The graph takes `input`: float32 [N, features] (raw features: the model's standardization is part of the
 * graph) and gives `probabilities` [N, classes] for softmax and sigmoid outputs, or `output` [N, outputs]
 * for a linear output and for perceptrons (the score x·w + b; class 1 where it is > 0).
 * Weights are written as float32 (a float64 model is rounded). Throws a ModelError for an unfitted model
 * or a layer that has no ONNX mapping.
 */
export function onnxModel(model: ExportableModel, options: OnnxExportOptions = {}): OnnxModel {
  const g = new GraphBuilder(ONNX_INPUT);
  const kind = model instanceof Sequential ? 'sequential' : model.kind;
  const result = model instanceof Sequential || model instanceof NeuralNetwork ? networkExport(g, model) : linearExport(g, model);
  const outputName = finish(g, result.kind);
  const metadata = { 'platypus.kind': kind, ...options.metadata };
  const onnx: OnnxModel = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'platypus',
    graph: {
      name: `platypus-${kind}`,
      docString: `${kind} model exported by Platypus: ${ONNX_INPUT} [N, ${result.features}] → ${outputName} [N, ${result.outputs}]`,
      node: g.nodes,
      initializer: g.initializers,
      input: [floatRows(ONNX_INPUT, result.features)],
      output: [floatRows(outputName, result.outputs)],
    },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  if (options.producerVersion !== undefined) onnx.producerVersion = options.producerVersion;
  return onnx;
}

/** The bytes of an .onnx file for a trained model (see onnxModel for the graph's inputs and outputs). */
export function exportOnnx(model: ExportableModel, options: OnnxExportOptions = {}): Uint8Array {
  return encodeOnnxModel(onnxModel(model, options));
}
