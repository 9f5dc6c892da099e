import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradientSamples } from '../../src/inspect/gradientSamples.js';
import type { Parameter } from '../../src/tensor/parameter.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** L(w) = Σ w_i³ with ∂L/∂w_i = 3w_i², optionally off by a factor on element `wrong`. */
function cubic(values: number[], wrong?: number): { parameter: Parameter; lossAndGradient: () => number } {
  const parameter: Parameter = { name: 'w', value: Tensor.from(values, [values.length], 'float64'), grad: Tensor.zeros([values.length], 'float64') };
  const lossAndGradient = (): number => {
    let loss = 0;
    parameter.value.data.forEach((w, i) => {
      loss += w ** 3;
      parameter.grad.data[i] = 3 * w * w * (i === wrong ? 1.01 : 1);
    });
    return loss;
  };
  return { parameter, lossAndGradient };
}

test('gradient samples: evenly spread elements, central differences beside the analytic values', () => {
  const { parameter, lossAndGradient } = cubic([0.5, -1, 2, 1.5, -0.25, 3]);
  const [p] = gradientSamples([parameter], lossAndGradient, { perParameter: 3, epsilon: 1e-5 });
  assert.equal(p!.name, 'w');
  assert.deepEqual(p!.shape, [6]);
  assert.deepEqual(p!.samples.map((s) => s.index), [0, 2, 4]);
  for (const s of p!.samples) {
    assert.equal(s.analytic, 3 * s.value * s.value);
    // central difference of w³: 3w² + h², exactly up to rounding
    assert.ok(Math.abs(s.numeric - (3 * s.value * s.value + 1e-10)) < 1e-9);
    assert.ok(s.relativeError < 1e-8);
  }
  assert.deepEqual(Array.from(parameter.value.data), [0.5, -1, 2, 1.5, -0.25, 3], 'values restored');
  assert.deepEqual(Array.from(parameter.grad.data), [0.75, 3, 12, 6.75, 0.1875, 27], 'analytic gradients left in grad');
});

test('gradient samples: a wrong gradient shows up in its relative error', () => {
  const { parameter, lossAndGradient } = cubic([1, 2, 3], 1);
  const [p] = gradientSamples([parameter], lossAndGradient, { perParameter: 3 });
  assert.ok(p!.samples[1]!.relativeError > 5e-3);
  assert.ok(p!.samples[0]!.relativeError < 1e-6);
  assert.throws(() => gradientSamples([parameter], lossAndGradient, { perParameter: 0 }), /perParameter/);
});
