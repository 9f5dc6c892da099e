import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGradients } from '../../src/inspect/gradientCheck.js';
import { Activation } from '../../src/nn/activation.js';
import { Dense } from '../../src/nn/dense.js';
import { type Loss, meanSquaredErrorLoss, sigmoidLogLoss, softmaxCrossEntropyLoss } from '../../src/nn/losses.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { randomTensor } from './layerCheck.js';

function targets(loss: Loss, rows: number, outputs: number, rng: Rng): Tensor {
  const y = Tensor.zeros([rows, outputs], 'float64');
  for (let i = 0; i < rows; i++) {
    if (loss.output === 'softmax') y.data[i * outputs + rng.int(outputs)] = 1;
    else for (let j = 0; j < outputs; j++) y.data[i * outputs + j] = loss.output === 'sigmoid' ? rng.int(2) : rng.normal(0, 2);
  }
  return y;
}

const cases: { loss: Loss; outputs: number }[] = [
  { loss: softmaxCrossEntropyLoss, outputs: 4 },
  { loss: sigmoidLogLoss, outputs: 1 },
  { loss: sigmoidLogLoss, outputs: 3 },
  { loss: meanSquaredErrorLoss, outputs: 2 },
];

for (const { loss, outputs } of cases) {
  test(`gradient check: network ending in ${loss.name} with ${outputs} output(s)`, () => {
    const rng = new Rng(11);
    const net = new Sequential(
      [new Dense({ inputs: 3, units: 5, rng, dtype: 'float64' }), new Activation('tanh'), new Dense({ inputs: 5, units: outputs, rng, dtype: 'float64' })],
      loss,
    );
    for (const p of net.parameters()) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.normal(0, 0.8);
    const x = randomTensor([9, 3], rng);
    const y = targets(loss, 9, outputs, rng);
    const result = checkGradients(net.parameters(), () => net.lossAndGradient(x, y));
    assert.ok(result.passed && result.maxRelativeError < 1e-6, JSON.stringify(result.parameters));
  });
}

test('gradient check: each fused loss directly on logits z', () => {
  const rng = new Rng(12);
  for (const { loss, outputs } of cases) {
    const z = randomTensor([6, outputs], rng);
    const y = targets(loss, 6, outputs, rng);
    const grad = Tensor.zeros(z.shape, 'float64');
    const result = checkGradients([{ name: 'z', value: z, grad }], () => {
      loss.grad(z, y, grad);
      return loss.fn(z, y);
    }, { epsilon: 1e-5 });
    assert.ok(result.passed, `${loss.name}: ${JSON.stringify(result.parameters)}`);
  }
});
