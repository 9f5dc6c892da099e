import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { SavedModel } from '../../io/modelFile.js';
import type { OnnxValueInfo } from '../../io/onnx/proto.js';
import { ONNX_OPSET } from '../../io/onnx/versions.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { loadModel } from '../modelStore.js';
import type { Output } from '../output.js';
import { packageVersion } from './info.js';

export interface ExportFlags {
  onnx: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerExport(program: Command, run: (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>): void {
  program
    .command('export')
    .description(`write a saved model as an ONNX file (opset ${ONNX_OPSET}) for ONNX Runtime and other tools`)
    .argument('<model>', 'a model file saved by platypus train --out')
    .requiredOption('--onnx <file>', "the .onnx file to write: input 'input' float32 [N, features]; output 'probabilities' (softmax, sigmoid) or 'output' (linear, perceptron score)")
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  platypus export circles.model.json --onnx circles.onnx
  platypus export fashion.model.json --onnx fashion.onnx --json

The graph includes the model's input standardization, so it takes raw feature values.`,
    )
    .action((modelPath: string, flags: ExportFlags) => run((output) => exportModel(modelPath, flags, output), flags.quiet));
}

/** What the file says about its rows, for the ONNX metadata (JSON strings under 'platypus.' keys). */
function metadataOf(saved: SavedModel): Record<string, string> {
  const metadata: Record<string, string> = { 'platypus.target': saved.targetName };
  if (saved.featureNames) metadata['platypus.featureNames'] = JSON.stringify(saved.featureNames);
  if (saved.classNames) metadata['platypus.classNames'] = JSON.stringify(saved.classNames);
  if (saved.positiveClass) metadata['platypus.positiveClass'] = JSON.stringify(saved.positiveClass);
  if (saved.imageShape) metadata['platypus.imageShape'] = JSON.stringify(saved.imageShape);
  return metadata;
}

/** A graph input or output as {name, shape}, the batch dimension given by its name ('N'). */
function describeValue(v: OnnxValueInfo): { name: string; shape: (number | string)[] } {
  return { name: v.name, shape: v.type.tensorType.shape.dim.map((d) => ('dimParam' in d ? d.dimParam : d.dimValue)) };
}

export async function exportModel(modelPath: string, flags: ExportFlags, output: Output): Promise<void> {
  if (resolve(flags.onnx) === resolve(modelPath)) throw new UsageError(`--onnx ${flags.onnx} is the model file itself; choose another name`);
  const saved = loadModel(modelPath);
  // Loaded here, not at startup: protobuf.js would add to the start of every other command.
  const { onnxModel } = await import('../../io/onnx/exportOnnx.js');
  const { encodeOnnxModel } = await import('../../io/onnx/proto.js');
  const proto = onnxModel(saved.model, { producerVersion: packageVersion(), metadata: metadataOf(saved) });
  const bytes = encodeOnnxModel(proto);
  writeFileAtomic(flags.onnx, bytes);
  const graph = proto.graph;
  const inputs = graph.input.map(describeValue);
  const outputs = graph.output.map(describeValue);
  const nodes = graph.node.map((n) => ({ name: n.name, op: n.opType }));
  if (flags.json) {
    output.json({
      command: 'export',
      model: saved.model.kind,
      modelFile: modelPath,
      format: 'onnx',
      file: flags.onnx,
      bytes: bytes.length,
      opset: ONNX_OPSET,
      irVersion: proto.irVersion,
      inputs,
      outputs,
      nodes,
    });
    return;
  }
  const shape = (v: { name: string; shape: (number | string)[] }): string => `${v.name} [${v.shape.join(', ')}]`;
  output.result(`wrote ${flags.onnx} (${bytes.length} bytes): ONNX opset ${ONNX_OPSET}, ${inputs.map(shape).join(', ')} → ${outputs.map(shape).join(', ')}`);
  output.result(`  ${nodes.length} nodes: ${nodes.map((n) => n.op).join(' → ')}`);
}
