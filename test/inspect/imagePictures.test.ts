import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseFeatures } from '../../src/data/features.js';
import { colourExampleImage } from '../../src/inspect/imagePictures.js';

test('a colour (HWC) row is drawn pixel by pixel in its own colours, scaled by its maximum', () => {
  // one 2×3 picture: pixel (y, x) has red 10·y, green 10·x, blue 255 at (1, 2) only
  const values = new Uint8Array(2 * 3 * 3);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) values.set([10 * y, 10 * x, y === 1 && x === 2 ? 255 : 0], (y * 3 + x) * 3);
  const raster = colourExampleImage(new DenseFeatures(values, 1, 18), 0, 2, 3, 2);
  assert.equal(raster.width, 6);
  assert.equal(raster.height, 4);
  const rgbAt = (px: number, py: number): number[] => Array.from(raster.rgba.subarray(4 * (py * 6 + px), 4 * (py * 6 + px) + 3));
  assert.deepEqual(rgbAt(5, 3), [10, 20, 255], 'pixel (1, 2), drawn 2×2');
  assert.deepEqual(rgbAt(4, 2), [10, 20, 255]);
  assert.deepEqual(rgbAt(2, 0), [0, 10, 0], 'pixel (0, 1)');
  assert.throws(() => colourExampleImage(new DenseFeatures(values, 1, 18), 0, 3, 3), /18 values per row, not 3×3×3/);
});
