import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseModelFile } from '../../src/index.js';
import { DEFAULT_CONFIG, type LabConfig } from '../../src/web/state/props.js';
import { DECISION_GRID, DECISION_SCALE, NODE_GRID, NODE_SCALE, Trainer } from '../../src/web/worker/trainer.js';

const circles: LabConfig = { ...DEFAULT_CONFIG, hidden: [4, 4] };

test('playground trainer: the same config gives the same run, epoch by epoch', () => {
  const a = new Trainer(circles);
  const b = new Trainer(circles);
  for (let i = 0; i < 5; i++) {
    a.trainEpoch();
    b.trainEpoch();
  }
  assert.deepEqual(a.testLoss, b.testLoss);
  assert.deepEqual(a.frame().nodes[3]!.rgba, b.frame().nodes[3]!.rgba);
  const c = new Trainer({ ...circles, seed: 2 });
  c.trainEpoch();
  assert.notEqual(c.testLoss[1], a.testLoss[1]);
});

test('playground trainer: circles with two hidden layers of 4 learn (test loss falls, accuracy ≥ 95%)', () => {
  const t = new Trainer(circles);
  for (let i = 0; i < 150; i++) t.trainEpoch();
  assert.ok(t.testLoss.at(-1)! < t.testLoss[0]! / 3, `test loss ${t.testLoss[0]} → ${t.testLoss.at(-1)}`);
  assert.ok(t.testAccuracy() >= 0.95, `test accuracy ${t.testAccuracy()}`);
});

test('playground trainer: a frame has one picture per node (inputs first), the decision picture and the weights', () => {
  const t = new Trainer({ ...circles, dataset: 'blobs', classes: 3, hidden: [5] });
  const frame = t.frame();
  assert.deepEqual(t.layout().sizes, [2, 5, 3]);
  assert.equal(frame.nodes.length, 2 + 5 + 3);
  for (const p of frame.nodes) assert.equal(p.rgba.length, (NODE_GRID * NODE_SCALE) ** 2 * 4);
  assert.equal(frame.decision.width, DECISION_GRID * DECISION_SCALE);
  assert.deepEqual(frame.weights.map((w) => w.length), [2 * 5, 5 * 3]);
  assert.deepEqual(frame.biases.map((b) => b.length), [5, 3]);
});

test('playground trainer: a CSV with two inputs and named classes; a model file goes out and comes back', () => {
  const rows = ['x,y,kind'];
  for (let i = 0; i < 60; i++) rows.push(`${(i % 3) * 2 + Math.sin(i)},${(i % 3) - Math.cos(i)},${['a', 'b', 'c'][i % 3]}`);
  const t = new Trainer({ ...circles, dataset: 'csv' }, { name: 'three.csv', text: rows.join('\n') });
  assert.equal(t.classes, 3);
  assert.deepEqual(t.layout().inputNames, ['x', 'y']);
  for (let i = 0; i < 20; i++) t.trainEpoch();
  const text = t.modelFile();
  assert.equal(parseModelFile(text, 'lab.json').classNames?.join(), 'a,b,c');
  const back = t.withModelFile(text, 'lab.json', { name: 'three.csv', text: rows.join('\n') });
  assert.equal(back.testLoss[0], t.testLoss.at(-1));
  assert.throws(() => new Trainer({ ...circles, dataset: 'csv' }, { name: 'one.csv', text: 'a,b,c,label\n1,2,3,0\n' }), /2 input columns/);
});

test('playground trainer: a model file with another shape replaces the network part of the config', () => {
  const wide = new Trainer({ ...circles, hidden: [6], activation: 'relu' });
  const loaded = new Trainer(circles).withModelFile(wide.modelFile(), 'wide.json');
  assert.deepEqual(loaded.config.hidden, [6]);
  assert.equal(loaded.config.activation, 'relu');
  assert.throws(() => new Trainer({ ...circles, dataset: 'blobs' }).withModelFile(wide.modelFile(), 'wide.json'), /outputs/);
});
