import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACTIVATION_NAMES,
  activationByName,
  leakyReluActivation as leakyRelu,
  reluActivation as relu,
  sigmoidActivation as sigmoid,
} from '../../src/nn/activations.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

for (const name of ACTIVATION_NAMES) {
  test(`activation '${name}': grad agrees with a central difference of fn`, () => {
    const f = activationByName(name, 0.05);
    const h = 1e-6;
    for (const x of [-3.1, -0.7, -0.05, 0.05, 0.4, 2.5]) {
      const numeric = (f.fn(x + h) - f.fn(x - h)) / (2 * h);
      const analytic = f.grad(x, f.fn(x));
      assert.ok(Math.abs(numeric - analytic) < 1e-8, `${name} at ${x}: ${analytic} vs ${numeric}`);
    }
  });
}

test('activations take their textbook values', () => {
  assert.equal(sigmoid.fn(0), 0.5);
  assert.equal(activationByName('tanh').fn(0), 0);
  assert.equal(relu.fn(-2), 0);
  assert.equal(relu.fn(3), 3);
  assert.equal(relu.grad(0, 0), 0);
  assert.equal(leakyRelu(0.1).fn(-2), -0.2);
  assert.equal(activationByName('linear').fn(-7), -7);
  assert.ok(sigmoid.fn(-800) >= 0 && sigmoid.fn(800) === 1);
});

test('the kernel-backed forward passes (sigmoid, relu) equal the scalar functions', () => {
  const rng = new Rng(3);
  const x = Tensor.zeros([4, 5], 'float64');
  for (let i = 0; i < x.size; i++) x.data[i] = rng.normal(0, 3);
  for (const f of [sigmoid, relu]) {
    const out = Tensor.zeros([4, 5], 'float64');
    f.apply!(x, out);
    for (let i = 0; i < x.size; i++) assert.ok(Math.abs(out.data[i]! - f.fn(x.data[i]!)) < 1e-15);
  }
});

test('unknown activations and negative slopes are refused', () => {
  assert.throws(() => activationByName('softmax' as never), /unknown activation softmax/);
  assert.throws(() => leakyRelu(-1), /alpha must be a number ≥ 0/);
});
