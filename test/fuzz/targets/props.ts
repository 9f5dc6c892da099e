/**
 * Fuzz target for the playground's URL state (src/web/state/props.ts: parseConfig and writeConfig over
 * one PROPS table; no DOM, URLSearchParams only).
 *
 * Every valid config must survive writeConfig → parseConfig exactly. Random query strings, written
 * queries with text mutations, and queries of the real parameter names with junk values ('NaN', '1e3',
 * '-0', '0x10', ' 5 ', '1,,2', '%zz', duplicates…) must never throw and must parse to a config whose every
 * field is within the ranges checked below (written out here, not read from PROPS), with each property
 * the query does not mention at its default; and what they parse to must write back and parse again to itself.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CONFIG, type LabConfig, parseConfig, writeConfig } from '../../../src/web/state/props.js';
import { TEXT_TOKENS, mutatedText } from '../mutations.js';
import { defineTarget } from '../target.js';

const DATASETS = ['circles', 'xor', 'spiral', 'gaussians', 'linear', 'blobs', 'csv'] as const;
const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'leaky-relu', 'linear'] as const;
const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
/** config key → its URL parameter */
const PARAMS: Record<keyof LabConfig, string> = {
  dataset: 'dataset', noise: 'noise', size: 'size', classes: 'classes', testFraction: 'test', hidden: 'hidden',
  activation: 'activation', learningRate: 'lr', batchSize: 'batch', optimizer: 'optimizer', l2: 'l2', seed: 'seed',
};

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

/** Values that upset number and list parsing. */
const JUNK = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e3', '1e-7', '-0', '0x10', '0b1', ' 5 ', '5.', '.5', '1,,2', ',', '1,2,3,4,5,6,7', '0',
  '-1', '2147483647', '2147483648', '1e308', '1e999', '%', '%zz', '%00', '+', '&', '=', '#', 'tanh', 'TANH', 'adam ', 'csv', 'constructor',
  '__proto__', 'toString', '١', '\u00a0', '\ud800', ...TEXT_TOKENS,
];
const junkValue = fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 12 }), fc.double().map(String), fc.integer().map(String));
const paramName = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...Object.values(PARAMS)) }, { weight: 1, arbitrary: fc.constantFrom('Lr', 'seed ', 'hidden[]', '') });

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
  .tuple(fc.array(fc.tuple(paramName, junkValue), { maxLength: 14 }), fc.boolean(), fc.boolean())
  .map(([pairs, encoded, question]) => {
    const text = pairs.map(([k, v]) => (encoded ? `${encode(k)}=${encode(v)}` : `${k}=${v}`)).join('&');
    return (question ? '?' : '') + text;
  });

type PropsCase = { kind: 'roundTrip'; config: LabConfig } | { kind: 'query'; search: string };

/** Every field within its allowed values, written out independently of PROPS. */
function checkValid(c: LabConfig): void {
  assert.deepEqual(Object.keys(c).sort(), Object.keys(DEFAULT_CONFIG).sort());
  const inRange = (v: number, min: number, max: number, integer: boolean, name: string): void =>
    assert.ok(typeof v === 'number' && v >= min && v <= max && (!integer || Number.isInteger(v)), `${name} = ${v}`);
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

/** -0 and 0 are the same setting (a query may say '-0'; it is written back as '0'). */
const zeroless = (c: LabConfig): LabConfig => JSON.parse(JSON.stringify(c)) as LabConfig;

export const props = defineTarget<PropsCase>({
  arbitrary: fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('roundTrip' as const), config: validConfig }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('query' as const), search: junkQuery }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), search: mutatedText(validConfig.map(writeConfig)) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const), search: fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })) }) },
  ),
  check(c) {
    if (c.kind === 'roundTrip') {
      checkValid(c.config);
      const search = writeConfig(c.config);
      assert.deepEqual(parseConfig(search), c.config, search);
      return 'round trip';
    }
    const config = parseConfig(c.search);
    checkValid(config);
    const params = new URLSearchParams(c.search);
    let defaults = 0;
    for (const [key, param] of Object.entries(PARAMS) as [keyof LabConfig, string][]) {
      if (!params.has(param)) assert.deepEqual(config[key], DEFAULT_CONFIG[key], `${key} is not in the query but is not its default`);
      if (JSON.stringify(config[key]) === JSON.stringify(DEFAULT_CONFIG[key])) defaults++;
    }
    assert.deepEqual(zeroless(parseConfig(writeConfig(config))), zeroless(config), 'what a query parses to must write back to itself');
    return defaults === 12 ? 'all defaults' : 'parsed';
  },
  allocationLimit: () => 16 * 1024 * 1024,
});
