export { MODEL_FORMAT, MODEL_VERSION, parseModelFile, serializeModel } from './modelFile.js';
export type { SavedModel } from './modelFile.js';
export { decodeBase64, encodeBase64 } from './base64.js';
