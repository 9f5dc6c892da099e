/**
 * Fuzz target for the CIFAR-10 binary reader: valid batches parse exactly (labels, and pixels transposed to HWC);
 * mutated, truncated and random bytes parse to what a direct reading of the records gives, or throw a DataError.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CIFAR_RECORD, parseCifarBatch } from '../../../src/data/parsers/cifar.js';
import { mutatedBytes } from '../mutations.js';
import { defineTarget, outcome } from '../target.js';

const validBatch: fc.Arbitrary<Uint8Array> = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 })
  .chain((labels) => fc.uint8Array({ minLength: labels.length * 3072, maxLength: labels.length * 3072 }).map((pixels) => {
    const out = new Uint8Array(labels.length * CIFAR_RECORD);
    labels.forEach((label, k) => {
      out[k * CIFAR_RECORD] = label;
      out.set(pixels.subarray(k * 3072, (k + 1) * 3072), k * CIFAR_RECORD + 1);
    });
    return out;
  }));

export const cifar = defineTarget<Uint8Array>({
  arbitrary: fc.oneof(validBatch, mutatedBytes(validBatch), fc.uint8Array({ maxLength: 8000 })),
  check(bytes) {
    const result = outcome(() => parseCifarBatch(bytes, 'fuzz.bin'));
    // The reference: a whole number of records, each label below 10.
    const whole = bytes.length > 0 && bytes.length % CIFAR_RECORD === 0;
    const records = whole ? bytes.length / CIFAR_RECORD : 0;
    let labelsOk = whole;
    for (let r = 0; r < records; r++) if (bytes[r * CIFAR_RECORD]! > 9) labelsOk = false;
    if (!result.ok) {
      assert.ok(!labelsOk, `refused a valid batch: ${result.error.message}`);
      return result.error.name;
    }
    assert.ok(labelsOk, 'accepted an invalid batch');
    const { labels, pixels } = result.value;
    assert.equal(labels.length, records);
    assert.equal(pixels.length, records * 3072);
    for (let r = 0; r < records; r++) {
      assert.equal(labels[r], bytes[r * CIFAR_RECORD]);
      // The file is channel-planar (1024 red, 1024 green, 1024 blue); the pixels must come out HWC.
      for (let p = 0; p < 1024; p++) {
        for (let c = 0; c < 3; c++) {
          if (pixels[r * 3072 + p * 3 + c] !== bytes[r * CIFAR_RECORD + 1 + c * 1024 + p]) assert.fail(`record ${r}, pixel ${p}, channel ${c} is not where HWC order puts it`);
        }
      }
    }
    return 'parsed';
  },
  allocationLimit: (bytes) => 2 * bytes.length + 1024 * 1024,
});
