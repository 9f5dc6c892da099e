import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetCacheDir, defaultCacheRoot } from '../../../src/cli/datasets/paths.js';

test('the cache follows XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(defaultCacheRoot({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/u'), '/var/cache/me/platypus');
  assert.equal(defaultCacheRoot({}, '/home/u'), '/home/u/.cache/platypus');
  assert.equal(defaultCacheRoot({ XDG_CACHE_HOME: 'relative' }, '/home/u'), '/home/u/.cache/platypus');
  assert.equal(datasetCacheDir('/c', 'mnist'), '/c/mnist');
});
