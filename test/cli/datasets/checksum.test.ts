import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'fflate';
import { type IdxDataset, namedDataset } from '../../../src/cli/datasets/catalog.js';
import { sha256Hex, verifyChecksum } from '../../../src/cli/datasets/checksum.js';
import { DEBIAN_FASHION_MNIST, sharedData, utf8 } from '../../data/fixtures.js';

test('sha256 of a known string', () => {
  assert.equal(sha256Hex(utf8('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('a file matches by its own digest or by its content', () => {
  const content = utf8('idx content');
  const packed = gzipSync(content);
  assert.deepEqual(verifyChecksum(packed, [sha256Hex(packed)], 's'), { ok: true, matched: 'file', sha256: sha256Hex(packed) });
  assert.equal(verifyChecksum(packed, [sha256Hex(content).toUpperCase()], 's').ok, true);
  const bad = verifyChecksum(packed, ['0'.repeat(64)], 's');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.reason, /matches none of the published digests/);
  const corrupt = packed.slice(0, packed.length - 3);
  assert.match((verifyChecksum(corrupt, ['0'.repeat(64)], 's') as { reason: string }).reason, /corrupt gzip data/);
});

const mnist = sharedData('mnist');
test('the catalog accepts the shared MNIST test files', { skip: mnist === undefined ? 'shared/data/mnist absent' : false }, () => {
  const d = namedDataset('mnist') as IdxDataset;
  for (const split of ['testImages', 'testLabels'] as const) {
    const file = d.files[split];
    const result = verifyChecksum(readFileSync(join(mnist!, file)), d.checksums[file]!, file);
    assert.equal(result.ok, true, file);
  }
});

test('the catalog accepts Debian’s recompressed Fashion-MNIST by content', { skip: existsSync(DEBIAN_FASHION_MNIST) ? false : 'not installed' }, () => {
  const d = namedDataset('fashion-mnist') as IdxDataset;
  for (const split of ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const) {
    const file = d.files[split];
    const result = verifyChecksum(readFileSync(join(DEBIAN_FASHION_MNIST, file)), d.checksums[file]!, file);
    assert.deepEqual(result.ok && result.matched, 'content', file);
  }
});
