/**
 * Fuzz target for the tar reader (used to unpack the CIFAR-10 archive): valid archives list exactly their
 * members; mutated, truncated and random bytes must list well-formed entries (each at a block boundary, after
 * the one before, its data a view of the bytes right after its header) or throw a DataError.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTar } from '../../../src/data/parsers/tar.js';
import { DataError } from '../../../src/errors.js';
import { type TarMember, makeTar } from '../../data/cifarFixtures.js';
import { mutatedBytes } from '../mutations.js';
import { defineTarget, outcomeOf } from '../target.js';

const member: fc.Arbitrary<TarMember> = fc.oneof(
  fc.record({ name: fc.stringMatching(/^[a-z0-9_.-]{1,20}(\/[a-z0-9_.-]{1,20})?$/), data: fc.uint8Array({ maxLength: 1500 }) }),
  fc.record({ name: fc.stringMatching(/^[a-z0-9_-]{1,20}\/$/), type: fc.constant('5') }),
);
const validArchive = fc.record({ members: fc.array(member, { maxLength: 4 }), posixPrefix: fc.boolean() });
const archiveBytes = validArchive.map(({ members, posixPrefix }) => makeTar(members, { posixPrefix }));

type Case = { valid: { members: TarMember[]; posixPrefix: boolean } } | { bytes: Uint8Array };

export const tar = defineTarget<Case>({
  arbitrary: fc.oneof(
    validArchive.map((valid) => ({ valid })),
    mutatedBytes(archiveBytes).map((bytes) => ({ bytes })),
    fc.uint8Array({ maxLength: 3000 }).map((bytes) => ({ bytes })),
  ),
  check(c) {
    if ('valid' in c) {
      const entries = readTar(makeTar(c.valid.members, { posixPrefix: c.valid.posixPrefix }), 'fuzz.tar');
      assert.equal(entries.length, c.valid.members.length);
      entries.forEach((e, i) => {
        const m = c.valid.members[i]!;
        assert.equal(e.name, m.name);
        assert.equal(e.type, m.type === '5' ? 'directory' : 'file');
        assert.deepEqual(Uint8Array.from(e.data), m.data ?? new Uint8Array(0));
      });
      return 'valid';
    }
    const { bytes } = c;
    const result = outcomeOf(DataError, () => readTar(bytes, 'fuzz.tar'));
    if (!result.ok) {
      assert.match(result.error.message, /^fuzz\.tar/);
      return 'DataError';
    }
    let next = 0;
    for (const e of result.value) {
      assert.ok(e.offset >= next && e.offset % 512 === 0, `entry at ${e.offset}, expected a block boundary from ${next}`);
      assert.equal(e.data.buffer, bytes.buffer, 'data is a view of the input');
      assert.equal(e.data.byteOffset, bytes.byteOffset + e.offset + 512);
      assert.ok(e.offset + 512 + e.data.length <= bytes.length);
      next = e.offset + 512 + Math.ceil(e.data.length / 512) * 512;
    }
    return 'parsed';
  },
  allocationLimit: () => 4 * 1024 * 1024,
});
