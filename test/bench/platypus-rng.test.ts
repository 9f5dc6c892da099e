// bench/systems/platypus_rng.py must draw what Platypus draws: the benchmark's NumPy network starts from
// its weights and visits the batches in its order only if the Python port and the TypeScript agree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NeuralNetwork } from '../../src/models/neuralNetwork.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

// dist/test/bench → the repository root, where bench/ lives (it is not compiled).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function python(script: string): string | undefined {
  try {
    return execFileSync('python3', ['-c', script], { cwd: join(root, 'bench', 'systems'), encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

test('platypus_rng.py: the same uint32s, uniforms, normals and shuffles as Rng', (t) => {
  const out = python(`
import json
from platypus_rng import PlatypusRng
r = PlatypusRng(12345)
u32 = [r.next_uint32() for _ in range(5)]
uni = [r.uniform() for _ in range(5)]
nor = [r.normal(0.5, 2.0) for _ in range(7)]
print(json.dumps({'u32': u32, 'uni': uni, 'nor': nor, 'shuffled': r.shuffle(list(range(50))), 'after': r.next_uint32()}))`);
  if (out === undefined) return t.skip('python3 is not installed');
  const py = JSON.parse(out) as { u32: number[]; uni: number[]; nor: number[]; shuffled: number[]; after: number };
  const rng = new Rng(12345);
  assert.deepEqual(py.u32, Array.from({ length: 5 }, () => rng.nextUint32()));
  assert.deepEqual(py.uni, Array.from({ length: 5 }, () => rng.uniform()));
  // Box–Muller goes through log, sin and cos, which two math libraries may round differently in the last bit.
  const normals = Array.from({ length: 7 }, () => rng.normal(0.5, 2.0));
  py.nor.forEach((v, i) => assert.ok(Math.abs(v - normals[i]!) <= 1e-15 * Math.max(1, Math.abs(v)), `normal ${i}: ${v} vs ${normals[i]}`));
  assert.deepEqual(py.shuffled, Array.from(rng.shuffle(Array.from({ length: 50 }, (_, i) => i))));
  assert.equal(py.after, rng.nextUint32());
});

test("book_network_stream: NeuralNetwork's initial weights (init 'book') and each epoch's row order", (t) => {
  const out = python(`
import json
from platypus_rng import book_network_stream
w1, w2, orders = book_network_stream(7, 6, 5, 3, 40, 2)
print(json.dumps({"w1": list(w1), "w2": list(w2), "orders": [list(o) for o in orders]}))`);
  if (out === undefined) return t.skip('python3 is not installed');
  const py = JSON.parse(out) as { w1: number[]; w2: number[]; orders: number[][] };
  const rows = 40;
  const x = Tensor.zeros([rows, 6], 'float32');
  const y = Array.from({ length: rows }, (_, i) => i % 3);
  const model = new NeuralNetwork({ seed: 7, hidden: [5], activation: 'sigmoid', output: 'softmax', init: 'book', optimizer: 'sgd', epochs: 0, batchSize: 8 });
  model.fit(x, y);
  const [w1, , w2] = model.network.parameters().map((p) => Array.from(p.value.data));
  assert.deepEqual(w1, py.w1.map(Math.fround));
  assert.deepEqual(w2, py.w2.map(Math.fround));
  // The row orders: the same draws after the weights, each epoch shuffling the last epoch's order again.
  const rng = new Rng(7);
  rng.nextUint32();
  for (let i = 0; i < 6 * 5 + 5 * 3; i++) rng.normal();
  const order = Array.from({ length: rows }, (_, i) => i);
  for (const expected of py.orders) assert.deepEqual(Array.from(rng.shuffle(order)), expected);
});
