/**
 * Fuzz targets for parseModelFile and decodeBase64.
 *
 * Valid model files are generated from models with random weights and must load back exactly;
 * mutated ones (a field of the wrong type or missing, a future version, bad base64, a shape that
 * does not fit, NaN weights, a cut-off file) must load to a usable model or throw a ModelError.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../../src/io/base64.js';
import { parseBookWeights } from '../../../src/io/bookWeights.js';
import { MODEL_VERSION, type SavedModel, parseModelFile, serializeModel } from '../../../src/io/modelFile.js';
import { standardizerFrom } from '../../../src/data/standardize.js';
import { ModelError } from '../../../src/errors.js';
import { LinearModel } from '../../../src/models/linearModel.js';
import { createLinearModel } from '../../../src/models/create.js';
import { NeuralNetwork, type NeuralNetworkOptions } from '../../../src/models/neuralNetwork.js';
import type { LinearModelOptions } from '../../../src/models/options.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { mutatedText } from '../mutations.js';
import { defineTarget, outcomeOf } from '../target.js';

const SOURCE = 'fuzz.model.json';
const KINDS = ['linear', 'logistic', 'softmax', 'perceptron'] as const;
type Kind = (typeof KINDS)[number];

/** Everything a model file holds, as plain values. */
interface ModelSpec {
  kind: Kind;
  options: Required<LinearModelOptions>;
  features: number;
  outputs: number;
  weights: number[];
  bias: number[];
  featureNames?: string[];
  targetName: string;
  classNames?: string[];
  positiveClass?: { index: number; name: string };
  imageShape?: [number, number, number];
  standardizer?: { mean: number[]; std: number[] };
}

/** Values of a dtype: float32 ones are exactly representable in float32. */
const valueOf = (dtype: 'float32' | 'float64'): fc.Arbitrary<number> =>
  dtype === 'float64' ? fc.double({ noNaN: true, noDefaultInfinity: true }) : fc.float({ noNaN: true, noDefaultInfinity: true });

export const modelSpec: fc.Arbitrary<ModelSpec> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    dtype: fc.constantFrom('float32' as const, 'float64' as const),
    image: fc.option(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })), { nil: undefined }),
    plainFeatures: fc.integer({ min: 1, max: 6 }),
    classes: fc.integer({ min: 2, max: 5 }),
  })
  .chain(({ kind, dtype, image, plainFeatures, classes }) => {
    const features = image ? image[0] * image[1] * image[2] : plainFeatures;
    const outputs = kind === 'softmax' ? classes : 1;
    return fc.record(
      {
        kind: fc.constant(kind),
        options: fc.record({
          learningRate: fc.double({ min: 1e-9, max: 100, noNaN: true }),
          epochs: fc.integer({ min: 0, max: 1_000_000 }),
          batchSize: fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 4096 })),
          init: fc.constantFrom('zeros' as const, 'random' as const),
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          dtype: fc.constant(dtype),
          standardize: fc.constantFrom<boolean | 'global'>(true, false, 'global'),
        }, { noNullPrototype: true }),
        features: fc.constant(features),
        outputs: fc.constant(outputs),
        weights: fc.array(valueOf(dtype), { minLength: features * outputs, maxLength: features * outputs }),
        bias: fc.array(valueOf(dtype), { minLength: outputs, maxLength: outputs }),
        featureNames: fc.uniqueArray(fc.string({ maxLength: 6 }), { minLength: features, maxLength: features }),
        targetName: fc.string({ maxLength: 8 }),
        classNames: fc.array(fc.string({ maxLength: 6 }), { minLength: outputs === 1 ? 2 : outputs, maxLength: outputs === 1 ? 2 : outputs }),
        positiveClass: fc.record({ index: fc.nat({ max: 9 }), name: fc.string({ maxLength: 6 }) }, { noNullPrototype: true }),
        imageShape: fc.constant(image),
        standardizer: fc.record({
          mean: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: features, maxLength: features }),
          std: fc.array(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), { minLength: features, maxLength: features }),
        }, { noNullPrototype: true }),
      },
      { requiredKeys: ['kind', 'options', 'features', 'outputs', 'weights', 'bias', 'targetName'], noNullPrototype: true },
    );
  })
  .map((spec) => {
    const out = { ...spec };
    if (out.imageShape === undefined) delete out.imageShape;
    return out as ModelSpec;
  });

export function savedModelOf(spec: ModelSpec): SavedModel {
  const { dtype } = spec.options;
  const array = (values: number[]): Float32Array | Float64Array => (dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values));
  const model = createLinearModel(spec.kind, spec.options);
  model.setLearned({
    weights: new Tensor([spec.features, spec.outputs], array(spec.weights)),
    bias: new Tensor([spec.outputs], array(spec.bias)),
    ...(spec.standardizer ? { standardizer: standardizerFrom(spec.standardizer.mean, spec.standardizer.std) } : {}),
  });
  const saved: SavedModel = { model, targetName: spec.targetName };
  if (spec.featureNames) saved.featureNames = spec.featureNames;
  if (spec.classNames) saved.classNames = spec.classNames;
  if (spec.positiveClass) saved.positiveClass = spec.positiveClass;
  if (spec.imageShape) saved.imageShape = spec.imageShape;
  return saved;
}

const sameValues = (actual: ArrayLike<number>, expected: readonly number[], what: string): void => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: ${actual[i]} should be ${expected[i]}`);
};

function checkExact(saved: SavedModel, spec: ModelSpec): void {
  const { model } = saved;
  assert.ok(model instanceof LinearModel, 'a linear model');
  assert.equal(model.kind, spec.kind);
  assert.deepEqual({ ...model.options }, spec.options);
  assert.deepEqual(model.learned.weights.shape, [spec.features, spec.outputs]);
  assert.equal(model.learned.weights.dtype, spec.options.dtype);
  sameValues(model.learned.weights.data, spec.weights, 'weights');
  sameValues(model.learned.bias.data, spec.bias, 'bias');
  assert.deepEqual(saved.featureNames, spec.featureNames);
  assert.equal(saved.targetName, spec.targetName);
  assert.deepEqual(saved.classNames, spec.classNames);
  assert.deepEqual(saved.positiveClass, spec.positiveClass);
  assert.deepEqual(saved.imageShape, spec.imageShape);
  if (spec.standardizer) {
    sameValues(model.learned.standardizer!.mean, spec.standardizer.mean, 'mean');
    sameValues(model.learned.standardizer!.std, spec.standardizer.std, 'std');
  } else assert.equal(model.learned.standardizer, undefined);
}

/** What every model that loads must be: usable without NaN, shapes that fit its kind. */
function checkUsable(saved: SavedModel): void {
  const { model } = saved;
  if (model instanceof NeuralNetwork) {
    const state = model.learnedState();
    for (const [name, t] of Object.entries(state.tensors)) for (const v of t.data) assert.ok(Number.isFinite(v), `${name} holds ${v}`);
    if (saved.featureNames) assert.equal(saved.featureNames.length, state.inputs);
    model.decisionFunction(new Tensor([2, state.inputs], new Float64Array(2 * state.inputs).fill(1)));
    return;
  }
  assert.ok(model instanceof LinearModel, 'a linear model or a network');
  assert.ok((KINDS as readonly string[]).includes(model.kind));
  const { weights, bias, standardizer } = model.learned;
  assert.equal(weights.rank, 2);
  const [features, outputs] = weights.shape as [number, number];
  assert.ok(features >= 1, 'at least one input');
  if (model.kind === 'softmax') assert.ok(outputs >= 2, `a softmax model has ${outputs} classes`);
  else assert.equal(outputs, 1, `a ${model.kind} model has one output`);
  assert.equal(bias.size, outputs);
  assert.equal(weights.dtype, model.options.dtype, 'weights in the model dtype');
  assert.equal(bias.dtype, model.options.dtype, 'bias in the model dtype');
  for (const v of [...weights.data, ...bias.data]) assert.ok(Number.isFinite(v), `parameter ${v} is finite`);
  if (standardizer) {
    assert.equal(standardizer.mean.length, features);
    assert.equal(standardizer.std.length, features);
    for (let j = 0; j < features; j++) {
      assert.ok(Number.isFinite(standardizer.mean[j]!), 'finite mean');
      assert.ok(standardizer.std[j]! > 0 && Number.isFinite(standardizer.std[j]!), 'finite std > 0');
      assert.ok(Number.isFinite(standardizer.factor[j]!), 'finite 1/std');
    }
  }
  if (saved.featureNames) assert.equal(saved.featureNames.length, features);
  if (saved.imageShape) assert.equal(saved.imageShape[0] * saved.imageShape[1] * saved.imageShape[2], features, 'the image shape fits the inputs');
  // A prediction runs (its values may overflow for extreme weights; that is the model, not the file).
  model.decisionFunction(new Tensor([2, features], new Float64Array(2 * features).fill(1)));
}

/** Replacement values for a field: wrong types, absurd numbers, deep nesting. */
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 32, 1e-320, '', 'x', '1', 'NaN', 'AAAA', '====', [], {}, [1e9, 1e9], [0], [-1], [2, 3], ['a'], { shape: [1], dtype: 'float64', data: 'AAAAAAAA8H8=' }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 1000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
);

/** Deeper nesting than JSON.stringify can write, spliced into the text in place of one field's value. */
const deeplyNested = fc.tuple(validText0(), fc.constantFrom('"createdBy":"platypus"', '"targetName', '"name":'), fc.integer({ min: 1000, max: 200_000 })).map(([text, field, depth]) => {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return field.endsWith('"platypus"') ? text.replace(field, `"createdBy":${nested}`) : text.replace(/"name":"[^"]*"/, `"name":${nested}`);
});

type JsonMutation = { at: number; action: 'replace' | 'delete' | 'add' | 'version' | 'base64' | 'nan' | 'shape' | 'options'; value: unknown; n: number };

const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
  at: fc.nat(),
  action: fc.constantFrom('replace' as const, 'replace' as const, 'delete' as const, 'add' as const, 'version' as const, 'base64' as const, 'nan' as const, 'nan' as const, 'shape' as const, 'options' as const),
  value: weirdValue,
  n: fc.nat(),
});

type Node = Record<string, unknown> | unknown[];

/** Every [parent, key] in the first levels of a JSON tree (a model file is shallow; deeper is inserted junk). */
function slots(root: unknown): [Node, string | number][] {
  const out: [Node, string | number][] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(node)) node.slice(0, 64).forEach((v, i) => (out.push([node, i]), visit(v, depth + 1)));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) out.push([node as Node, k]), visit(v, depth + 1);
  };
  visit(root, 0);
  return out;
}

/** Stored tensors ({shape, dtype, data}) in a model file's JSON. */
function tensors(root: unknown): Record<string, unknown>[] {
  return slots(root)
    .map(([parent, key]) => (parent as Record<string | number, unknown>)[key])
    .filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && 'data' in v && 'dtype' in v);
}

const BAD_FLOATS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3.4e39, -1e300];

function applyJsonMutation(file: Record<string, unknown>, mutation: JsonMutation): void {
  const m = { ...mutation, value: structuredClone(mutation.value) }; // generated values may be shared constants
  const all = slots(file);
  switch (m.action) {
    case 'replace':
    case 'delete': {
      if (all.length === 0) break; // everything was deleted already
      const [parent, key] = all[m.at % all.length]!;
      if (m.action === 'replace') (parent as Record<string | number, unknown>)[key] = m.value;
      else if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    }
    case 'add': {
      const objects = all.map(([p, k]) => (p as Record<string | number, unknown>)[k]).filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
      const target = [file, ...objects][m.n % (objects.length + 1)]!;
      target[['extra', '__proto__', 'constructor', 'version', 'format'][m.at % 5]!] = m.value;
      break;
    }
    case 'version':
      file.version = [MODEL_VERSION + 1, 999, 0, -1, 1.5, '1', null, 2 ** 53, 1e308][m.at % 9];
      break;
    case 'base64': {
      const ts = tensors(file);
      const t = ts[m.n % Math.max(1, ts.length)];
      if (!t || typeof t.data !== 'string') break;
      const s = t.data;
      const p = m.at % (s.length + 1);
      const edits = [s.slice(0, p) + '!' + s.slice(p + 1), s.slice(0, p) + s.slice(p + 1), `${s}=`, `${s}AAAA`, s.slice(0, p), s.replace(/=+$/, ''), `${s.slice(0, p)}=${s.slice(p)}`, s.toLowerCase(), `${s} `];
      t.data = edits[m.n % edits.length];
      break;
    }
    case 'nan': {
      // A non-finite or out-of-range value written into a stored tensor, as valid base64.
      const ts = tensors(file);
      const t = ts[m.n % Math.max(1, ts.length)];
      if (!t || typeof t.data !== 'string') break;
      const bytes = decodeBase64(t.data);
      if (!bytes || bytes.length === 0) break;
      const width = t.dtype === 'float64' ? 8 : 4;
      const count = Math.floor(bytes.length / width);
      if (count === 0) break;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const value = BAD_FLOATS[m.n % BAD_FLOATS.length]!;
      const at = (m.at % count) * width;
      if (width === 8) view.setFloat64(at, value, true);
      else view.setFloat32(at, value, true);
      t.data = encodeBase64(bytes);
      break;
    }
    case 'options': {
      // A plausible but wrong option: the other float type, network sizes far beyond the stored tensors.
      const options = file.options as Record<string, unknown> | undefined;
      if (!options || typeof options !== 'object') break;
      const changes: [string, unknown][] = [
        ['dtype', options.dtype === 'float64' ? 'float32' : 'float64'],
        ['hidden', [[1_000_000_000], [20_000, 20_000], [3, 3], [], [1e6, 1e6, 1e6], Array(64).fill(100)][m.at % 6]],
        ['batchNorm', !options.batchNorm],
        ['output', ['softmax', 'sigmoid', 'linear'][m.at % 3]],
        ['activation', ['relu', 'gelu', 'sigmoid'][m.at % 3]],
        ['standardize', [true, false, 'global', 'yes'][m.at % 4]],
      ];
      const [key, value] = changes[m.n % changes.length]!;
      options[key] = value;
      if (key === 'hidden' && m.at % 2 === 0) file.outputs = [1, 2, 1e9][m.n % 3];
      break;
    }
    case 'shape': {
      const ts = tensors(file);
      const t = ts[m.n % Math.max(1, ts.length)];
      if (!t) break;
      const shapes = [[], [0], [1], [1, 1], [2, 1], [1, 2], [0, 0], [3, 0], [1, 1, 1], [1e9, 1e9], [2 ** 31, 2 ** 31, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1]];
      t.shape = shapes[m.at % shapes.length];
      if (m.n % 3 === 0) t.dtype = t.dtype === 'float64' ? 'float32' : 'float64';
      break;
    }
  }
}

/** Small trained networks of several shapes, serialized in setup(); mutated like the linear files. */
const networkTexts: string[] = [];
const NETWORKS: NeuralNetworkOptions[] = [
  { hidden: [3], activation: 'sigmoid' },
  { hidden: [4, 2], activation: 'relu', output: 'sigmoid', dtype: 'float64' },
  { hidden: [2], activation: 'tanh', batchNorm: true, standardize: true, optimizer: 'adam' },
  { hidden: [3], activation: 'leaky-relu', output: 'linear', dropout: 0.5, l2: 0.01, standardize: 'global' },
];

function setupNetworks(): void {
  const x = new Tensor([12, 3], Float64Array.from({ length: 36 }, (_, i) => Math.sin(i)));
  for (const options of NETWORKS) {
    const y = Array.from({ length: 12 }, (_, i) => (options.output === 'linear' ? i / 3 : options.output === 'sigmoid' ? i % 2 : i % 3));
    const model = new NeuralNetwork({ ...options, epochs: 2, batchSize: 4, learningRate: 0.1 }).fit(x, y);
    networkTexts.push(serializeModel({ model, targetName: 'y', featureNames: ['a', 'b', 'c'] }));
  }
}

type Case =
  | { kind: 'valid'; spec: ModelSpec }
  | { kind: 'network'; index: number }
  | { kind: 'networkJson'; index: number; mutations: JsonMutation[] }
  | { kind: 'json'; text: string }
  | { kind: 'text'; text: string };

/** A serialized network picked by index (filled in setup, so resolved when the case runs). */
const networkText = fc.nat().map((i) => ({ index: i }));

function validText0(): fc.Arbitrary<string> {
  return modelSpec.map((spec) => serializeModel(savedModelOf(spec)));
}
const validText = validText0();

export const modelFile = defineTarget<Case>({
  arbitrary: fc.oneof(
    { weight: 2, arbitrary: modelSpec.map((spec) => ({ kind: 'valid' as const, spec })) },
    {
      weight: 6,
      arbitrary: fc.tuple(validText, fc.array(jsonMutation, { minLength: 1, maxLength: 3 })).map(([text, mutations]) => {
        const file = JSON.parse(text) as Record<string, unknown>;
        for (const m of mutations) applyJsonMutation(file, m);
        return { kind: 'json' as const, text: JSON.stringify(file) ?? 'undefined' };
      }),
    },
    { weight: 1, arbitrary: networkText.map(({ index }) => ({ kind: 'network' as const, index })) },
    {
      weight: 4,
      arbitrary: fc.tuple(networkText, fc.array(jsonMutation, { minLength: 1, maxLength: 3 })).map(([{ index }, mutations]) => ({ kind: 'networkJson' as const, index, mutations })),
    },
    { weight: 2, arbitrary: mutatedText(validText).map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: deeplyNested.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', '{}', '[]', 'null', '"platypus-model"', '{"format":"platypus-model"}', '{"format":"platypus-model","version":1}')).map((text) => ({ kind: 'text' as const, text })) },
  ),
  setup: setupNetworks,
  check(c) {
    if (c.kind === 'network') {
      const text = networkTexts[c.index % networkTexts.length]!;
      const saved = parseModelFile(text, SOURCE);
      assert.equal(serializeModel(saved), text, 'a network file loads and saves back the same');
      return 'loaded network';
    }
    if (c.kind === 'networkJson') {
      const file = JSON.parse(networkTexts[c.index % networkTexts.length]!) as Record<string, unknown>;
      for (const m of c.mutations) applyJsonMutation(file, m);
      c = { kind: 'json', text: JSON.stringify(file) ?? 'undefined' };
    }
    if (c.kind === 'valid') {
      const saved = parseModelFile(serializeModel(savedModelOf(c.spec)), SOURCE);
      checkExact(saved, c.spec);
      checkUsable(saved);
      return 'loaded';
    }
    const result = outcomeOf(ModelError, () => parseModelFile(c.text, SOURCE));
    if (!result.ok) {
      assert.ok(result.error.message.startsWith(`${SOURCE}: `), `the error names the file: ${result.error.message}`);
      return 'ModelError';
    }
    checkUsable(result.value);
    return 'loaded';
  },
  allocationLimit: (c) => 4 * 1024 * 1024 + 64 * (c.kind === 'json' || c.kind === 'text' ? c.text.length : 4000),
});

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

type Base64Case = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'text'; text: string };

export const base64 = defineTarget<Base64Case>({
  arbitrary: fc.oneof(
    fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({
      kind: fc.constant('text' as const),
      text: fc.oneof(
        fc.string({ unit: fc.constantFrom(...BASE64_CHARS, '=', '=', '-', '_', ' ', '\n', 'é', '\u0000'), maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...BASE64_CHARS), maxLength: 40 }).map((s) => s + '='.repeat(s.length % 4 === 0 ? 0 : 4 - (s.length % 4))),
        fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('base64')),
        fc.string({ maxLength: 40 }),
      ),
    }),
  ),
  check(c) {
    if (c.kind === 'bytes') {
      const text = encodeBase64(c.bytes);
      assert.equal(text, Buffer.from(c.bytes).toString('base64'), 'standard base64, as Node writes it');
      assert.deepEqual(decodeBase64(text), c.bytes, 'decodes to the same bytes');
      return 'round trip';
    }
    let decoded: Uint8Array | undefined;
    try {
      decoded = decodeBase64(c.text);
    } catch (e) {
      assert.fail(`decodeBase64 threw ${String(e)}`);
    }
    if (decoded === undefined) return 'refused';
    // Accepted text is canonical: Node decodes it to the same bytes, and it is what encoding them writes.
    assert.deepEqual(decoded, new Uint8Array(Buffer.from(c.text, 'base64')), 'the bytes Node decodes');
    assert.equal(encodeBase64(decoded), c.text, 'the text is the canonical encoding of its bytes');
    return 'decoded';
  },
});

/** The book's weights.json: [w1, w2], each a matrix with the bias in row 0. */
const bookMatrix = (rows: number, cols: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

const validBookWeights: fc.Arbitrary<string> = fc
  .record({ inputs: fc.integer({ min: 1, max: 6 }), hidden: fc.integer({ min: 1, max: 5 }), classes: fc.integer({ min: 2, max: 4 }) })
  .chain(({ inputs, hidden, classes }) => fc.tuple(bookMatrix(inputs + 1, hidden), bookMatrix(hidden + 1, classes)))
  .map((w) => JSON.stringify(w));

/** A first row that claims a width, and many short rows: the shape a reader must not allocate before checking. */
const claimingBookWeights: fc.Arbitrary<string> = fc
  .record({ width: fc.integer({ min: 1, max: 30_000 }), rows: fc.integer({ min: 1, max: 30_000 }) })
  .map(({ width, rows }) => `[[[${'1,'.repeat(width - 1)}1]${',[]'.repeat(rows - 1)}],[[1,2]]]`);

export const bookWeights = defineTarget<{ text: string; valid: boolean }>({
  arbitrary: fc.oneof(
    validBookWeights.map((text) => ({ text, valid: true })),
    mutatedText(validBookWeights).map((text) => ({ text, valid: false })),
    claimingBookWeights.map((text) => ({ text, valid: false })),
    fc.tuple(validBookWeights, fc.array(jsonMutation, { minLength: 1, maxLength: 2 })).map(([text, mutations]) => {
      const w = JSON.parse(text) as unknown[];
      const file = { w } as Record<string, unknown>;
      for (const m of mutations) applyJsonMutation(file, m);
      return { text: JSON.stringify(file.w) ?? 'null', valid: false };
    }),
  ),
  check(c) {
    const result = outcomeOf(ModelError, () => parseBookWeights(c.text, SOURCE));
    if (!result.ok) {
      assert.ok(!c.valid, `a valid weights file was refused: ${result.error.message}`);
      assert.ok(result.error.message.startsWith(`${SOURCE}: `), result.error.message);
      return 'ModelError';
    }
    const state = result.value.learnedState();
    for (const [name, t] of Object.entries(state.tensors)) for (const v of t.data) assert.ok(Number.isFinite(v), `${name} holds ${v}`);
    result.value.decisionFunction(new Tensor([1, state.inputs], new Float64Array(state.inputs)));
    return 'loaded';
  },
  allocationLimit: (c) => 4 * 1024 * 1024 + 64 * c.text.length,
});
