import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareDigit } from '../../../src/data/images/prepare.js';

test('regression (fuzz): a long thin picture (200000×1 of ink) is prepared in time proportional to its pixels', () => {
  const width = 200_000;
  const pixels = new Float64Array(width).fill(1);
  pixels[0] = 0; // a dark border pixel, so the picture is read as light ink on dark
  const started = performance.now();
  const out = prepareDigit({ width, height: 1, pixels }, { height: 28, width: 28 });
  const ms = performance.now() - started;
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`); // one sample count for both axes: 10000² samples per output pixel
  assert.equal(out.length, 28 * 28);
  assert.ok(out.every((v) => v >= 0 && v <= 255));
  assert.ok(out.some((v) => v > 0));
});

test('a square digit is resampled as before: a filled 40×40 square becomes a 20×20 square of 255 in the centre', () => {
  const pixels = new Float64Array(60 * 60);
  for (let y = 10; y < 50; y++) for (let x = 10; x < 50; x++) pixels[y * 60 + x] = 1;
  const out = prepareDigit({ width: 60, height: 60, pixels }, { height: 28, width: 28 });
  let ink = 0;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) if (out[y * 28 + x]! > 0) ink++;
  assert.equal(ink, 400);
  assert.equal(out[14 * 28 + 14], 255);
});
