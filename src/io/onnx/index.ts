export { ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSET, exportOnnx, onnxModel } from './exportOnnx.js';
export type { ExportableModel, OnnxExportOptions } from './exportOnnx.js';
export { decodeOnnxModel, encodeOnnxModel } from './proto.js';
export type { OnnxAttribute, OnnxDimension, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './proto.js';
