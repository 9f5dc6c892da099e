/**
 * Fuzz target for the playground's URL state: the 2-D lab's table (src/web/state/props.ts: parseConfig and
 * writeConfig), the image lab's (src/web/state/imageProps.ts: parseImageConfig and writeImageConfig), and the
 * query they share (src/web/state/query.ts: SharedQuery). No DOM, URLSearchParams only.
 *
 * Every valid pair of configs must survive writing → SharedQuery → parsing exactly. Random query strings,
 * written queries with text mutations, and queries of the real parameter names of both tables with junk values
 * ('NaN', '1e3', '-0', '0x10', ' 5 ', '1,,2', '%zz', duplicates…) must never throw and must parse to configs whose
 * every field is within the ranges checked below (written out here, not read from the tables), with each property
 * the query does not mention at its default; what they parse to must write back and parse again to itself; one
 * lab's parameters never change the other lab's config; and splitting a query into the labs' parts and joining
 * them again (as the page does) parses to the same configs.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_IMAGE_CONFIG, type ImageLabConfig, parseImageConfig, writeImageConfig } from '../../../src/web/state/imageProps.js';
import { DEFAULT_CONFIG, type LabConfig, parseConfig, writeConfig } from '../../../src/web/state/props.js';
import { SharedQuery } from '../../../src/web/state/query.js';
import { TEXT_TOKENS, mutatedText } from '../mutations.js';
import { defineTarget } from '../target.js';

const DATASETS = ['circles', 'xor', 'spiral', 'gaussians', 'linear', 'blobs', 'csv'] as const;
const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'leaky-relu', 'linear'] as const;
const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
const IMAGE_DATASETS = ['mnist', 'fashion'] as const;
const IMAGE_ACTIVATIONS = ['sigmoid', 'relu', 'tanh'] as const;
/** config key → its URL parameter */
const PARAMS: Record<keyof LabConfig, string> = {
  dataset: 'dataset', noise: 'noise', size: 'size', classes: 'classes', testFraction: 'test', hidden: 'hidden',
  activation: 'activation', learningRate: 'lr', batchSize: 'batch', optimizer: 'optimizer', l2: 'l2', seed: 'seed',
};
const IMAGE_PARAMS: Record<keyof ImageLabConfig, string> = {
  dataset: 'image', hidden: 'image-hidden', activation: 'image-activation', learningRate: 'image-lr', batchSize: 'image-batch',
  epochs: 'image-epochs', seed: 'image-seed',
};
/** The page's split of its query: the 2-D lab's part, then the image lab's. */
const OWNERS = [
  { name: 'plane', params: Object.values(PARAMS) },
  { name: 'image', params: Object.values(IMAGE_PARAMS) },
];

const between = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const whole = (min: number, max: number) => fc.integer({ min, max });

const validConfig: fc.Arbitrary<LabConfig> = fc.record({
  dataset: fc.constantFrom(...DATASETS),
  noise: fc.oneof(between(0, 1), fc.constantFrom(0, 0.1, 1)),
  size: whole(20, 5000),
  classes: whole(2, 8),
  testFraction: fc.oneof(between(0.05, 0.9), fc.constantFrom(0.05, 0.3, 0.9)),
  hidden: fc.array(whole(1, 8), { maxLength: 6 }),
  activation: fc.constantFrom(...ACTIVATIONS),
  learningRate: fc.oneof(between(1e-6, 10), fc.constantFrom(1e-6, 0.0001, 0.03, 3, 10)),
  batchSize: whole(1, 1000),
  optimizer: fc.constantFrom(...OPTIMIZERS),
  l2: fc.oneof(between(0, 1), fc.constantFrom(0, 0.001, 1)),
  seed: fc.oneof(whole(0, 2 ** 31 - 1), fc.constantFrom(0, 2 ** 31 - 1)),
}).map((c) => ({ ...c })); // a plain object, as parseConfig returns (fast-check's records may have no prototype)

const validImageConfig: fc.Arbitrary<ImageLabConfig> = fc.record({
  dataset: fc.constantFrom(...IMAGE_DATASETS),
  hidden: fc.oneof(whole(1, 1000), fc.constantFrom(1, 100, 1000)),
  activation: fc.constantFrom(...IMAGE_ACTIVATIONS),
  learningRate: fc.oneof(between(0.0001, 10), fc.constantFrom(0.0001, 0.5, 10)),
  batchSize: fc.oneof(whole(1, 10000), fc.constantFrom(1, 32, 10000)),
  epochs: whole(1, 100),
  seed: fc.oneof(whole(0, 2 ** 31 - 1), fc.constantFrom(0, 2 ** 31 - 1)),
}).map((c) => ({ ...c }));

/** Both labs' parts, as the page writes them. */
const written = (plane: LabConfig, image: ImageLabConfig): string => `${writeConfig(plane)}&${writeImageConfig(image).slice(1)}`;

/** Values that upset number and list parsing. */
const JUNK = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e3', '1e-7', '-0', '0x10', '0b1', ' 5 ', '5.', '.5', '1,,2', ',', '1,2,3,4,5,6,7', '0',
  '-1', '2147483647', '2147483648', '1e308', '1e999', '%', '%zz', '%00', '+', '&', '=', '#', 'tanh', 'TANH', 'adam ', 'csv', 'constructor',
  '__proto__', 'toString', '١', '\u00a0', '\ud800', 'mnist', 'fashion', 'MNIST', 'relu', '10000', '10001', '0.0001', '0.00009', '100', '101',
  ...TEXT_TOKENS,
];
const junkValue = fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 12 }), fc.double().map(String), fc.integer().map(String));
const paramName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...Object.values(PARAMS), ...Object.values(IMAGE_PARAMS)) },
  { weight: 1, arbitrary: fc.constantFrom('Lr', 'seed ', 'hidden[]', '', 'image ', 'Image', 'image-', 'image-image', 'imagehidden') },
);

/** encodeURIComponent, except that a lone surrogate (which it refuses) is left as it is. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A query of the real parameter names (repeats allowed) with junk values, encoded or raw. */
const junkQuery: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(paramName, junkValue), { maxLength: 20 }), fc.boolean(), fc.boolean())
  .map(([pairs, encoded, question]) => {
    const text = pairs.map(([k, v]) => (encoded ? `${encode(k)}=${encode(v)}` : `${k}=${v}`)).join('&');
    return (question ? '?' : '') + text;
  });

type PropsCase = { kind: 'roundTrip'; config: LabConfig; image: ImageLabConfig } | { kind: 'query'; search: string };

const inRange = (v: number, min: number, max: number, integer: boolean, name: string): void =>
  assert.ok(typeof v === 'number' && v >= min && v <= max && (!integer || Number.isInteger(v)), `${name} = ${v}`);

/** Every field within its allowed values, written out independently of PROPS. */
function checkValid(c: LabConfig): void {
  assert.deepEqual(Object.keys(c).sort(), Object.keys(DEFAULT_CONFIG).sort());
  assert.ok((DATASETS as readonly string[]).includes(c.dataset), `dataset ${c.dataset}`);
  inRange(c.noise, 0, 1, false, 'noise');
  inRange(c.size, 20, 5000, true, 'size');
  inRange(c.classes, 2, 8, true, 'classes');
  inRange(c.testFraction, 0.05, 0.9, false, 'testFraction');
  assert.ok(Array.isArray(c.hidden) && c.hidden.length <= 6, `hidden ${JSON.stringify(c.hidden)}`);
  c.hidden.forEach((n, i) => inRange(n, 1, 8, true, `hidden[${i}]`));
  assert.ok((ACTIVATIONS as readonly string[]).includes(c.activation), `activation ${c.activation}`);
  inRange(c.learningRate, 1e-6, 10, false, 'learningRate');
  inRange(c.batchSize, 1, 1000, true, 'batchSize');
  assert.ok((OPTIMIZERS as readonly string[]).includes(c.optimizer), `optimizer ${c.optimizer}`);
  inRange(c.l2, 0, 1, false, 'l2');
  inRange(c.seed, 0, 2 ** 31 - 1, true, 'seed');
}

/** Every image-lab field within its allowed values, written out independently of IMAGE_PROPS. */
function checkValidImage(c: ImageLabConfig): void {
  assert.deepEqual(Object.keys(c).sort(), Object.keys(DEFAULT_IMAGE_CONFIG).sort());
  assert.ok((IMAGE_DATASETS as readonly string[]).includes(c.dataset), `image dataset ${c.dataset}`);
  inRange(c.hidden, 1, 1000, true, 'image hidden');
  assert.ok((IMAGE_ACTIVATIONS as readonly string[]).includes(c.activation), `image activation ${c.activation}`);
  inRange(c.learningRate, 0.0001, 10, false, 'image learningRate');
  inRange(c.batchSize, 1, 10000, true, 'image batchSize');
  inRange(c.epochs, 1, 100, true, 'image epochs');
  inRange(c.seed, 0, 2 ** 31 - 1, true, 'image seed');
}

/** -0 and 0 are the same setting (a query may say '-0'; it is written back as '0'). */
const zeroless = <T>(c: T): T => JSON.parse(JSON.stringify(c)) as T;

/** `search` without the parameters in `names`. */
function without(search: string, names: readonly string[]): string {
  const params = new URLSearchParams(search);
  for (const name of names) params.delete(name);
  return params.toString();
}

/** Each property the query does not mention is at its default; returns how many are at their default. */
function checkDefaults<C extends object>(config: C, defaults: Readonly<C>, params: Record<keyof C, string>, search: string): number {
  const query = new URLSearchParams(search);
  let count = 0;
  for (const [key, param] of Object.entries(params) as [keyof C, string][]) {
    if (!query.has(param)) assert.deepEqual(config[key], defaults[key], `${String(key)} is not in the query but is not its default`);
    if (JSON.stringify(config[key]) === JSON.stringify(defaults[key])) count++;
  }
  return count;
}

export const props = defineTarget<PropsCase>({
  arbitrary: fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('roundTrip' as const), config: validConfig, image: validImageConfig }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('query' as const), search: junkQuery }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), search: mutatedText(fc.tuple(validConfig, validImageConfig).map(([p, i]) => written(p, i))) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const), search: fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })) }) },
  ),
  check(c) {
    if (c.kind === 'roundTrip') {
      checkValid(c.config);
      checkValidImage(c.image);
      const search = written(c.config, c.image);
      assert.deepEqual(parseConfig(search), c.config, search);
      assert.deepEqual(parseImageConfig(search), c.image, search);
      // The page's split and join gives back the very same query.
      assert.equal(new SharedQuery(OWNERS, search).toString(), search);
      return 'round trip';
    }
    const config = parseConfig(c.search);
    const image = parseImageConfig(c.search);
    checkValid(config);
    checkValidImage(image);
    const defaults = checkDefaults(config, DEFAULT_CONFIG, PARAMS, c.search) + checkDefaults(image, DEFAULT_IMAGE_CONFIG, IMAGE_PARAMS, c.search);
    assert.deepEqual(zeroless(parseConfig(writeConfig(config))), zeroless(config), 'what a query parses to must write back to itself');
    assert.deepEqual(zeroless(parseImageConfig(writeImageConfig(image))), zeroless(image), 'what a query parses to must write back to itself (image lab)');
    // One lab's parameters never reach the other's config.
    assert.deepEqual(parseConfig(without(c.search, Object.values(IMAGE_PARAMS))), config, 'image-lab parameters changed the 2-D config');
    assert.deepEqual(parseImageConfig(without(c.search, Object.values(PARAMS))), image, '2-D parameters changed the image-lab config');
    // Split into the labs' parts and joined again (unknown parameters dropped): the same configs.
    const shared = new SharedQuery(OWNERS, c.search);
    assert.deepEqual(parseConfig(shared.toString()), config);
    assert.deepEqual(parseImageConfig(shared.toString()), image);
    // ...and once each lab has written its part, exactly what they write.
    shared.set('plane', writeConfig(config));
    shared.set('image', writeImageConfig(image));
    assert.deepEqual(zeroless([parseConfig(shared.toString()), parseImageConfig(shared.toString())]), zeroless([config, image]));
    return defaults === 12 + 7 ? 'all defaults' : 'parsed';
  },
  allocationLimit: () => 16 * 1024 * 1024,
});
