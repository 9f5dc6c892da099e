import { type GradientCheckOptions, type GradientCheckResult, checkGradients } from '../../src/inspect/gradientCheck.js';
import type { Layer } from '../../src/nn/layer.js';
import type { Parameter } from '../../src/tensor/parameter.js';
import { Rng } from '../../src/tensor/rng.js';
import { type Shape, Tensor } from '../../src/tensor/tensor.js';

/** A float64 tensor of normal values (mean, std), or values pushed at least `awayFromZero` from 0. */
export function randomTensor(shape: Shape, rng: Rng, options: { std?: number; awayFromZero?: number } = {}): Tensor {
  const t = Tensor.zeros(shape, 'float64');
  const away = options.awayFromZero ?? 0;
  for (let i = 0; i < t.size; i++) {
    const v = rng.normal(0, options.std ?? 1);
    t.data[i] = v + Math.sign(v || 1) * away;
  }
  return t;
}

export interface LayerCheckOptions extends GradientCheckOptions {
  training?: boolean;
  /** runs before every forward pass, e.g. to reseed a dropout Rng so the mask stays fixed */
  beforeForward?: () => void;
}

/**
 * Checks a layer's backward rule against finite differences: L = Σ r ⊙ layer(x) + layer.penalty() for a fixed
 * random r, with respect to every parameter and to the input x itself (as a parameter named 'input').
 */
export function checkLayer(layer: Layer, x: Tensor, options: LayerCheckOptions = {}): GradientCheckResult {
  const rng = new Rng(7);
  const probe = layer.forward(x, { training: options.training ?? false });
  const r = randomTensor(probe.shape, rng);
  const input: Parameter = { name: 'input', value: x, grad: Tensor.zeros(x.shape, 'float64') };
  const parameters = [...layer.parameters(), input];
  return checkGradients(
    parameters,
    () => {
      options.beforeForward?.();
      const y = layer.forward(x, { training: options.training ?? false });
      let loss = layer.penalty?.() ?? 0;
      for (let i = 0; i < y.size; i++) loss += r.data[i]! * y.data[i]!;
      const gx = layer.backward(r);
      input.grad.data.set(gx.data);
      return loss;
    },
    options,
  );
}
