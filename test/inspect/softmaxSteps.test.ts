import assert from 'node:assert/strict';
import { test } from 'node:test';
import { softmaxCrossEntropySteps } from '../../src/inspect/softmaxSteps.js';

test('softmax steps: a worked example by hand', () => {
  // z = [ln 1, ln 2, ln 5]: exp(z) ∝ [1, 2, 5], so ŷ = [0.125, 0.25, 0.625].
  const s = softmaxCrossEntropySteps([0, Math.log(2), Math.log(5)], 1);
  assert.equal(s.max, Math.log(5));
  [0.2, 0.4, 1].forEach((v, k) => assert.ok(Math.abs(s.exp[k]! - v) < 1e-15));
  assert.ok(Math.abs(s.sum - 1.6) < 1e-15);
  [0.125, 0.25, 0.625].forEach((v, k) => assert.ok(Math.abs(s.probabilities[k]! - v) < 1e-15));
  assert.deepEqual(s.oneHot, [0, 1, 0]);
  assert.ok(Math.abs(s.loss - Math.log(4)) < 1e-15);
  [0.125, -0.75, 0.625].forEach((v, k) => assert.ok(Math.abs(s.gradient[k]! - v) < 1e-15));
  assert.ok(Math.abs(s.libraryLoss - s.loss) < 1e-15);
  s.libraryGradient.forEach((g, k) => assert.ok(Math.abs(g - s.gradient[k]!) < 1e-15));
  assert.equal(s.finiteDifference.logit, 1);
  assert.ok(s.finiteDifference.relativeError < 1e-8);
});

test('softmax steps: large logits do not overflow, and any logit can be checked', () => {
  const s = softmaxCrossEntropySteps([1000, 999, 990], 2, { logit: 0, h: 1e-4 });
  assert.ok(s.probabilities.every(Number.isFinite));
  assert.ok(Math.abs(s.loss - (10 + Math.log(1 + Math.exp(-1) + Math.exp(-10)))) < 1e-12);
  assert.equal(s.finiteDifference.logit, 0);
  assert.ok(s.finiteDifference.relativeError < 1e-6);
});

test('softmax steps: bad inputs are usage errors', () => {
  assert.throws(() => softmaxCrossEntropySteps([1], 0), /at least 2 logits/);
  assert.throws(() => softmaxCrossEntropySteps([1, 2], 2), /true class 2/);
  assert.throws(() => softmaxCrossEntropySteps([1, Number.NaN], 0), /finite/);
  assert.throws(() => softmaxCrossEntropySteps([1, 2], 0, { h: 0 }), /h must be > 0/);
});
