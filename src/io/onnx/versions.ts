/** The ONNX operator set the exported graphs use (ai.onnx, the default domain). */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17 (ONNX 1.12). */
export const ONNX_IR_VERSION = 8;
