import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTar } from '../../../src/data/parsers/tar.js';
import { makeTar } from '../cifarFixtures.js';

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * seed + 3) % 251);

test('a generated archive lists its folders and files, each file exactly its bytes', () => {
  const a = bytes(1000, 7);
  const b = bytes(512, 3);
  const tar = makeTar([{ name: 'dir/', type: '5' }, { name: 'dir/a.bin', data: a }, { name: 'dir/b.bin', data: b }, { name: 'empty.txt' }]);
  const entries = readTar(tar, 'x.tar');
  assert.deepEqual(entries.map((e) => [e.name, e.type, e.data.length]), [['dir/', 'directory', 0], ['dir/a.bin', 'file', 1000], ['dir/b.bin', 'file', 512], ['empty.txt', 'file', 0]]);
  assert.deepEqual(entries[1]!.data, a);
  assert.deepEqual(entries[2]!.data, b);
  assert.equal(entries[2]!.offset, 512 + 512 + 1024);
});

test('POSIX ustar names are joined with their prefix field', () => {
  const entries = readTar(makeTar([{ name: 'cifar-10-batches-bin/test_batch.bin', data: bytes(10, 1) }], { posixPrefix: true }), 'p.tar');
  assert.equal(entries[0]!.name, 'cifar-10-batches-bin/test_batch.bin');
});

test('an archive that ends without zero blocks is read to its end', () => {
  const tar = makeTar([{ name: 'a', data: bytes(5, 1) }]);
  assert.equal(readTar(tar.subarray(0, 1024), 'short.tar').length, 1);
});

test('bad archives are refused with the file and byte offset', () => {
  const good = makeTar([{ name: 'a', data: bytes(600, 1) }, { name: 'b', data: bytes(10, 2) }]);
  const fails = (tar: Uint8Array, message: RegExp | string): void => {
    assert.throws(() => readTar(tar, 'x.tar'), (e: Error) => e.name === 'DataError' && (typeof message === 'string' ? e.message === message : message.test(e.message)));
  };
  fails(new Uint8Array(0), 'x.tar: empty file: not a tar archive');
  fails(good.subarray(0, 700), 'x.tar (byte 0): truncated tar archive: an entry claims 600 bytes, 188 remain');
  fails(good.subarray(0, 1536 + 100), 'x.tar (byte 1536): truncated tar archive: 100 bytes left where a 512-byte header should start');
  const flipped = good.slice();
  flipped[3] ^= 1;
  fails(flipped, /^x\.tar \(byte 0\): tar header checksum \d+ does not match its bytes \(\d+\): a corrupt archive$/);
  const noMagic = good.slice();
  noMagic.set([0, 0, 0, 0, 0], 1536 + 257);
  fails(noMagic, 'x.tar (byte 1536): not a tar header (no "ustar" magic)');
  const junk = good.slice();
  junk[junk.length - 3] = 9;
  fails(junk, `x.tar (byte ${junk.length - 3}): data after the end-of-archive block`);
  fails(makeTar([{ name: 'PaxHeader', type: 'x', data: bytes(30, 1) }]), "x.tar (byte 0): a pax extended header (type 'x') is not supported");
  fails(makeTar([{ name: 'x', type: 'Z' }]), 'x.tar (byte 156): unknown tar entry type 0x5a');
  fails(makeTar([{ name: 'a', data: bytes(5, 1), sizeField: '99999999999\0' }]), /^x\.tar \(byte 124\): tar header size field is "99999999999", not an octal number$/);
});

const hasTar = spawnSync('tar', ['--version']).status === 0;
test('an archive written by the system tar reads back', { skip: hasTar ? false : 'no tar command' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'platypus-tar-'));
  try {
    mkdirSync(join(dir, 'in', 'cifar-10-batches-bin'), { recursive: true });
    const a = bytes(3073 * 2, 5);
    writeFileSync(join(dir, 'in', 'cifar-10-batches-bin', 'test_batch.bin'), a);
    writeFileSync(join(dir, 'in', 'cifar-10-batches-bin', 'batches.meta.txt'), 'airplane\n');
    const r = spawnSync('tar', ['-cf', join(dir, 'out.tar'), '-C', join(dir, 'in'), 'cifar-10-batches-bin']);
    assert.equal(r.status, 0, String(r.stderr));
    const entries = readTar(readFileSync(join(dir, 'out.tar')), 'out.tar');
    const batch = entries.find((e) => e.name === 'cifar-10-batches-bin/test_batch.bin');
    assert.deepEqual(Uint8Array.from(batch!.data), a);
    assert.ok(entries.some((e) => e.type === 'directory'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
