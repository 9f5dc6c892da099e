import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_IMAGE_CONFIG, IMAGE_PROPS, type ImageLabConfig, hasImageParams, parseImageConfig, writeImageConfig,
} from '../../src/web/state/imageProps.js';
import { PROPS, parseConfig, writeConfig } from '../../src/web/state/props.js';
import { SharedQuery } from '../../src/web/state/query.js';

test('image lab URL state: writeImageConfig then parseImageConfig gives the same config', () => {
  const config: ImageLabConfig = { dataset: 'fashion', hidden: 30, activation: 'relu', learningRate: 0.1, batchSize: 20, epochs: 2, seed: 7 };
  const search = writeImageConfig(config);
  assert.equal(search, '?image=fashion&image-hidden=30&image-activation=relu&image-lr=0.1&image-batch=20&image-epochs=2&image-seed=7');
  assert.deepEqual(parseImageConfig(search), config);
  assert.deepEqual(Object.keys(DEFAULT_IMAGE_CONFIG).sort(), IMAGE_PROPS.map((p) => p.key).sort());
});

test('image lab URL state: invalid values keep their defaults; the two labs read only their own parameters', () => {
  const config = parseImageConfig('?image=cifar&image-hidden=0&image-activation=softmax&image-lr=abc&image-batch=1.5&image-epochs=3&image-seed=-1&hidden=8&lr=3');
  assert.deepEqual(config, { ...DEFAULT_IMAGE_CONFIG, epochs: 3 });
  assert.deepEqual(parseImageConfig('?image-lr=0.00001&image-hidden=1001&image-batch=10001&image-epochs=101'), DEFAULT_IMAGE_CONFIG);
  assert.equal(parseConfig('?image-hidden=3&image-lr=1').learningRate, parseConfig('').learningRate);
  assert.equal(hasImageParams('?dataset=xor&seed=2'), false);
  assert.equal(hasImageParams('?image-seed=nonsense'), true);
  const names = [...PROPS, ...IMAGE_PROPS].map((p) => p.param);
  assert.equal(new Set(names).size, names.length, 'no parameter name is used twice');
});

test('shared query: each lab rewrites its own part; the parts keep their order; unknown parameters go', () => {
  const owners = [
    { name: 'plane', params: PROPS.map((p) => p.param) },
    { name: 'image', params: IMAGE_PROPS.map((p) => p.param) },
  ];
  const query = new SharedQuery(owners, '?image-seed=4&utm=x&seed=3&dataset=xor');
  assert.equal(query.toString(), '?seed=3&dataset=xor&image-seed=4');
  query.set('image', writeImageConfig({ ...DEFAULT_IMAGE_CONFIG, seed: 4 }));
  query.set('plane', writeConfig(parseConfig('?seed=3&dataset=xor')));
  const text = query.toString();
  assert.ok(text.startsWith('?dataset=xor&'), text);
  assert.ok(text.endsWith('&seed=3&image=mnist&image-hidden=100&image-activation=sigmoid&image-lr=0.5&image-batch=32&image-epochs=5&image-seed=4'), text);
  assert.equal(new SharedQuery(owners, '').toString(), '');
  assert.throws(() => query.set('nope', ''), /no part named nope/);
});
