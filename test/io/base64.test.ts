import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBase64, encodeBase64 } from '../../src/io/base64.js';

test('base64 round trips every length, as Node encodes it', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 73 + n) % 256);
    const text = encodeBase64(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(decodeBase64(text), bytes);
  }
});

test('malformed base64 is undefined: length, alphabet, padding in the middle', () => {
  for (const text of ['A', 'AB', 'ABC', 'AB=C', '====', 'A===', 'AB!=', 'AAAA====', 'AA==AAAA', 'AAA-', 'AA_A', 'AAA ', 'AAé=']) {
    assert.equal(decodeBase64(text), undefined, text);
  }
});

test('regression (fuzz): a padded end with left-over bits set is refused, so every byte string has one text', () => {
  // Before: "AB==" and "AP==" decoded to [0], like "AA==", so a corrupted last character could pass unnoticed.
  for (const text of ['AB==', 'AP==', 'AAB=', 'AAD=']) assert.equal(decodeBase64(text), undefined, text);
  assert.deepEqual(decodeBase64('AA=='), new Uint8Array([0]));
  assert.deepEqual(decodeBase64('AAA='), new Uint8Array([0, 0]));
  assert.deepEqual(decodeBase64('AQ=='), new Uint8Array([1]));
});
