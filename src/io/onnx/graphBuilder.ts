import { ATTRIBUTE_TYPE, ONNX_FLOAT, ONNX_INT64 } from './schema.js';
import type { OnnxAttribute, OnnxNode, OnnxTensor } from './proto.js';

/** Attribute values a node takes: a number is an INT unless wrapped by `float()`, an array is INTS. */
export type AttributeValue = number | readonly number[] | { float: number };

/** A float attribute (ONNX tells INT from FLOAT, JavaScript numbers do not). */
export function float(value: number): { float: number } {
  return { float: value };
}

function attribute(name: string, value: AttributeValue): OnnxAttribute {
  if (typeof value === 'number') return { name, type: ATTRIBUTE_TYPE.int, i: value };
  if ('float' in value) return { name, type: ATTRIBUTE_TYPE.float, f: value.float };
  return { name, type: ATTRIBUTE_TYPE.ints, ints: [...value] };
}

/** The little-endian bytes of the values (TensorProto.raw_data). */
function littleEndian(values: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  if (values instanceof Float32Array) values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else values.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return bytes;
}

/**
 * Collects the nodes and initializers of a graph in order, handing out unique value names.
 * `current` is the value the next step reads: the graph input at first, then each node's output.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  current: string;
  private readonly used = new Set<string>();

  constructor(readonly inputName: string) {
    this.current = inputName;
    this.used.add(inputName);
  }

  /** `base`, or `base_2`, `base_3`, … if taken. */
  private unique(base: string): string {
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** A float32 constant of the given shape; values of any float type are rounded to float32. */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dims: [...dims], dataType: ONNX_FLOAT, rawData: littleEndian(Float32Array.from(values)) });
    return unique;
  }

  /** An int64 constant vector, e.g. the target shape of a Reshape. */
  int64s(name: string, values: readonly number[]): string {
    const unique = this.unique(name);
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push({ name: unique, dims: [values.length], dataType: ONNX_INT64, rawData: littleEndian(data) });
    return unique;
  }

  /**
   * Appends `opType` applied to `current` (then `extraInputs`, e.g. weights) and makes its output current.
   * Returns the output's name.
   */
  apply(name: string, opType: string, extraInputs: readonly string[] = [], attributes: Record<string, AttributeValue> = {}): string {
    const nodeName = this.unique(name);
    const output = nodeName;
    this.nodes.push({
      name: nodeName,
      opType,
      input: [this.current, ...extraInputs],
      output: [output],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    this.current = output;
    return output;
  }

  /**
   * Names the final value `name` (the graph output): renames the last node's output, or adds an Identity
   * when no node ran (a graph that passes its input through).
   */
  finish(name: string): void {
    const last = this.nodes.at(-1);
    if (!last || last.output[0] !== this.current) this.apply(`${name}.identity`, 'Identity');
    const node = this.nodes.at(-1)!;
    this.used.add(name);
    node.output[0] = name;
    this.current = name;
  }
}
