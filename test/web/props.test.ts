import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, PROPS, type LabConfig, parseConfig, writeConfig } from '../../src/web/state/props.js';

test('playground URL state: writeConfig then parseConfig gives the same config', () => {
  const config: LabConfig = {
    dataset: 'spiral', noise: 0.25, size: 640, classes: 4, testFraction: 0.4, hidden: [8, 3, 1], activation: 'relu',
    learningRate: 0.003, batchSize: 25, optimizer: 'adam', l2: 0.001, seed: 12345,
  };
  const search = writeConfig(config);
  assert.deepEqual(parseConfig(search), config);
  assert.match(search, /^\?dataset=spiral&noise=0\.25&size=640&classes=4&test=0\.4&hidden=8%2C3%2C1&activation=relu&lr=0\.003/);
});

test('playground URL state: every property of the table is written, and no config key is missing from it', () => {
  const keys = PROPS.map((p) => p.key).sort();
  assert.deepEqual(keys, Object.keys(DEFAULT_CONFIG).sort());
  const params = new URLSearchParams(writeConfig(DEFAULT_CONFIG));
  for (const p of PROPS) assert.ok(params.has(p.param), p.param);
});

test('playground URL state: missing or invalid values keep their defaults; an empty hidden list is allowed', () => {
  const config = parseConfig('?dataset=nope&noise=-1&size=12.5&hidden=4,99&activation=relu&lr=abc&seed=7&optimizer=adam');
  assert.equal(config.dataset, DEFAULT_CONFIG.dataset);
  assert.equal(config.noise, DEFAULT_CONFIG.noise);
  assert.equal(config.size, DEFAULT_CONFIG.size);
  assert.deepEqual(config.hidden, DEFAULT_CONFIG.hidden);
  assert.equal(config.learningRate, DEFAULT_CONFIG.learningRate);
  assert.equal(config.activation, 'relu');
  assert.equal(config.optimizer, 'adam');
  assert.equal(config.seed, 7);
  assert.deepEqual(parseConfig('?hidden=').hidden, []);
  assert.deepEqual(parseConfig('').hidden, [4, 4]);
});
