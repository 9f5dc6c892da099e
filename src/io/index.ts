export { MODEL_FORMAT, MODEL_VERSION, parseModelFile, serializeModel } from './modelFile.js';
export type { SavedModel } from './modelFile.js';
export { decodeBase64, encodeBase64 } from './base64.js';
export { ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSET, decodeOnnxModel, encodeOnnxModel, exportOnnx, onnxModel } from './onnx/index.js';
export type { ExportableModel, OnnxExportOptions, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx/index.js';
