import protobuf from 'protobufjs/light.js';
import { ModelError } from '../../errors.js';
import { ONNX_SCHEMA } from './schema.js';

/** One named attribute of a node; `type` says which value field is set (AttributeProto.AttributeType). */
export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  floats?: number[];
  ints?: number[];
}

/** A node: op_type applied to named inputs, writing named outputs. */
export interface OnnxNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}

/** A constant tensor (an initializer), its values little-endian in rawData. */
export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

/** A dimension of a value's shape: a size, or a symbolic name such as 'N' for the batch. */
export type OnnxDimension = { dimValue: number } | { dimParam: string };

/** A graph input or output: a tensor of an element type and shape. */
export interface OnnxValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: OnnxDimension[] } } };
}

export interface OnnxGraph {
  name: string;
  docString?: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
}

/** ModelProto: the file's top-level message. */
export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion?: string;
  docString?: string;
  graph: OnnxGraph;
  metadataProps: { key: string; value: string }[];
}

let root: protobuf.Root | undefined;

/** onnx.ModelProto from the schema, built on first use (nothing runs on import). */
function modelProto(): protobuf.Type {
  root ??= protobuf.Root.fromJSON(ONNX_SCHEMA);
  return root.lookupType('onnx.ModelProto');
}

/** The protobuf bytes of a ModelProto: what an .onnx file holds. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const type = modelProto();
  const problem = type.verify(model);
  if (problem) throw new ModelError(`onnx: the model does not fit the ONNX schema: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/**
 * Reads .onnx bytes back into plain objects (int64 as numbers, bytes as Uint8Array), for checks and tests.
 * Fields outside the subset of the schema Platypus writes are skipped.
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  const type = modelProto();
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (e) {
    throw new ModelError(`onnx: not an ONNX model (${(e as Error).message})`);
  }
  return type.toObject(message, { longs: Number, arrays: true, oneofs: false }) as OnnxModel;
}
