import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { Adam } from '../../src/optim/adam.js';
import { OPTIMIZER_NAMES, createOptimizer } from '../../src/optim/create.js';
import { Momentum } from '../../src/optim/momentum.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { Rmsprop } from '../../src/optim/rmsprop.js';
import { Sgd } from '../../src/optim/sgd.js';
import type { Parameter } from '../../src/tensor/parameter.js';
import { type DType, Tensor } from '../../src/tensor/tensor.js';

/** f(w) = ½ Σ a_i (w_i − c_i)², an ill-conditioned bowl with its minimum at c; ∇f = a ⊙ (w − c). */
const curvature = [1, 4, 0.5];
const centre = [3, -2, 1];

function bowl(dtype: DType = 'float64'): { p: Parameter; gradient: () => number } {
  const p: Parameter = { name: 'w', value: Tensor.zeros([3], dtype), grad: Tensor.zeros([3], dtype) };
  const gradient = (): number => {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      const d = p.value.data[i]! - centre[i]!;
      f += 0.5 * curvature[i]! * d * d;
      p.grad.data[i] = curvature[i]! * d;
    }
    return f;
  };
  return { p, gradient };
}

const optimizers: { make: () => Optimizer; steps: number }[] = [
  { make: () => new Sgd({ learningRate: 0.2 }), steps: 300 },
  { make: () => new Momentum({ learningRate: 0.05, momentum: 0.9 }), steps: 400 },
  { make: () => new Rmsprop({ learningRate: 0.01 }), steps: 2000 },
  { make: () => new Adam({ learningRate: 0.05 }), steps: 2000 },
];

for (const { make, steps } of optimizers) {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`${make().name} (${dtype}) converges to the minimum of a small quadratic`, () => {
      const optimizer = make();
      const { p, gradient } = bowl(dtype);
      const start = gradient();
      for (let s = 0; s < steps; s++) {
        gradient();
        optimizer.step([p]);
      }
      assert.ok(gradient() < 1e-4 * start, `${optimizer.name}: loss ${gradient()} from ${start}`);
      for (let i = 0; i < 3; i++) assert.ok(Math.abs(p.value.data[i]! - centre[i]!) < 0.02, `w${i} = ${p.value.data[i]}`);
    });
  }
}

test("Adam's first two steps match a hand computation", () => {
  const adam = new Adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const p: Parameter = { name: 'w', value: Tensor.from([1, -2], undefined, 'float64'), grad: Tensor.from([0.5, -4], undefined, 'float64') };
  adam.step([p]);
  // t = 1: m̂ = g, v̂ = g², so each weight moves by η·g/(|g| + ε) ≈ η·sign(g).
  const first = [1 - (0.1 * 0.5) / (0.5 + 1e-8), -2 - (0.1 * -4) / (4 + 1e-8)];
  assert.ok(Math.abs(p.value.data[0]! - first[0]!) < 1e-15 && Math.abs(p.value.data[1]! - first[1]!) < 1e-15);
  // t = 2 with g = (1, 2): m = 0.9·0.1·g₁ + 0.1·g₂, v = 0.999·0.001·g₁² + 0.001·g₂².
  p.grad.data.set([1, 2]);
  adam.step([p]);
  const g1 = [0.5, -4];
  const g2 = [1, 2];
  for (let i = 0; i < 2; i++) {
    const m = 0.9 * (0.1 * g1[i]!) + 0.1 * g2[i]!;
    const v = 0.999 * (0.001 * g1[i]! ** 2) + 0.001 * g2[i]! ** 2;
    const mHat = m / (1 - 0.9 ** 2);
    const vHat = v / (1 - 0.999 ** 2);
    const expected = first[i]! - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    assert.ok(Math.abs(p.value.data[i]! - expected) < 1e-14, `w${i}: ${p.value.data[i]} vs ${expected}`);
  }
  // By hand for w₀: m = 0.145, v = 0.00124975, m̂ = 0.763158, v̂ = 0.625188; step = 0.1 · 0.763158 / 0.790688 = 0.096518.
  assert.ok(Math.abs(p.value.data[0]! - (0.9 - 0.096518)) < 1e-6);
});

test('momentum and RMSprop first steps follow their update rules', () => {
  const momentum = new Momentum({ learningRate: 0.1, momentum: 0.5 });
  const p: Parameter = { name: 'w', value: Tensor.from([0], undefined, 'float64'), grad: Tensor.from([2], undefined, 'float64') };
  momentum.step([p]); // v = −0.2
  momentum.step([p]); // v = 0.5·(−0.2) − 0.2 = −0.3
  assert.ok(Math.abs(p.value.data[0]! - -0.5) < 1e-15);
  const rmsprop = new Rmsprop({ learningRate: 0.01, rho: 0.9, epsilon: 1e-8 });
  const q: Parameter = { name: 'w', value: Tensor.from([0], undefined, 'float64'), grad: Tensor.from([2], undefined, 'float64') };
  rmsprop.step([q]); // s = 0.1·4 = 0.4, step = 0.01·2/(√0.4 + ε)
  assert.ok(Math.abs(q.value.data[0]! - -(0.02 / (Math.sqrt(0.4) + 1e-8))) < 1e-15);
});

test('state is kept per parameter name', () => {
  const adam = new Adam({ learningRate: 0.1 });
  const a: Parameter = { name: 'a', value: Tensor.from([0], undefined, 'float64'), grad: Tensor.from([1], undefined, 'float64') };
  const b: Parameter = { name: 'b', value: Tensor.from([0], undefined, 'float64'), grad: Tensor.from([1], undefined, 'float64') };
  adam.step([a]);
  adam.step([a, b]);
  // b's first step is a bias-corrected first step (≈ −η), not a's second.
  assert.ok(Math.abs(b.value.data[0]! - -0.1) < 1e-6);
  const wrong: Parameter = { name: 'a', value: Tensor.zeros([2], 'float64'), grad: Tensor.zeros([2], 'float64') };
  assert.throws(() => adam.step([wrong]), /parameter a has 2 values, but its state has 1/);
  adam.reset();
  adam.step([wrong]);
});

test('Sgd is unchanged: w ← w − η·∇w', () => {
  const p: Parameter = { name: 'w', value: Tensor.from([1, 2], undefined, 'float64'), grad: Tensor.from([10, -10], undefined, 'float64') };
  new Sgd({ learningRate: 0.01 }).step([p]);
  assert.deepEqual(Array.from(p.value.data), [0.9, 2.1]);
  assert.equal(new Sgd().learningRate, 0.01);
});

test('createOptimizer builds each optimizer by name; bad hyperparameters are refused', () => {
  for (const name of OPTIMIZER_NAMES) assert.equal(createOptimizer(name, 0.1).name, name);
  assert.throws(() => createOptimizer('adagrad' as never, 0.1), /unknown optimizer adagrad/);
  assert.throws(() => new Adam({ learningRate: 0 }), UsageError);
  assert.throws(() => new Adam({ beta1: 1 }), /beta1 must be in \[0, 1\)/);
  assert.throws(() => new Rmsprop({ epsilon: 0 }), /epsilon must be in \(0, Infinity\)/);
  assert.throws(() => new Momentum({ momentum: -0.1 }), /momentum must be in \[0, 1\)/);
});
