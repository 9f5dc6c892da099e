import { ModelError } from '../errors.js';
import { Tensor, formatShape, sizeOf } from '../tensor/tensor.js';
import { decodeBase64, encodeBase64 } from './base64.js';

/** A tensor as stored in a model file: shape, float type, and little-endian bytes in base64. */
export interface StoredTensor {
  shape: number[];
  dtype: 'float32' | 'float64';
  data: string;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function requireLittleEndian(): void {
  if (!littleEndian) throw new ModelError('model files store little-endian floats; this machine is big-endian');
}

export function encodeTensor(t: Tensor): StoredTensor {
  requireLittleEndian();
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { shape: [...t.shape], dtype: t.dtype, data: encodeBase64(bytes) };
}

export function encodeFloats(values: ArrayLike<number>): StoredTensor {
  return encodeTensor(new Tensor([values.length], Float64Array.from(values)));
}

/** Decodes a stored tensor, checking that its bytes fit its shape; `what` names it in errors. */
export function decodeTensor(stored: StoredTensor, what: string): Tensor {
  requireLittleEndian();
  const bytes = decodeBase64(stored.data);
  if (bytes === undefined) throw new ModelError(`${what}: data is not valid base64`);
  const width = stored.dtype === 'float64' ? 8 : 4;
  const expected = sizeOf(stored.shape) * width;
  if (bytes.length !== expected) {
    throw new ModelError(`${what}: shape ${formatShape(stored.shape)} ${stored.dtype} needs ${expected} bytes, found ${bytes.length}`);
  }
  const copy = new Uint8Array(bytes);
  const data = stored.dtype === 'float64' ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new ModelError(`${what}: value ${i} is ${data[i]}; the file holds no usable model`);
  }
  return new Tensor(stored.shape, data);
}
