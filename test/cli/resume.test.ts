import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { platypus, tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

const tensorsOf = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')).tensors;

const runs: { name: string; args: string[] }[] = [
  {
    name: 'a network with Adam, dropout, batch norm and a validation split',
    args: ['--data', 'spiral', '--model', 'mlp:12,8', '--activation', 'tanh', '--optimizer', 'adam', '--lr', '0.01', '--batch-size', '16', '--dropout', '0.1', '--batch-norm', '--validation-split', '0.2', '--seed', '7'],
  },
  { name: 'logistic regression on shuffled mini-batches', args: ['--data', 'gaussians', '--model', 'logistic', '--lr', '0.05', '--batch-size', '8', '--init', 'random', '--seed', '3'] },
];

for (const { name, args } of runs) {
  test(`resume equals an uninterrupted run, bit for bit: ${name}`, () => {
    const dir = tempDir();
    const straight = platypus(['train', ...args, '--epochs', '6', '--out', join(dir, 'straight.json'), '--json']);
    assert.equal(straight.code, 0, straight.stderr);
    assert.equal(platypus(['train', ...args, '--epochs', '3', '--save-every', '3', '--out', join(dir, 'half.json')]).code, 0);
    const resumed = platypus(['train', ...args, '--epochs', '6', '--resume', join(dir, 'half.json'), '--out', join(dir, 'resumed.json'), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(tensorsOf(join(dir, 'resumed.json')), tensorsOf(join(dir, 'straight.json')));
    assert.deepEqual(resumed.json!.history.map((r: { loss: number }) => r.loss), straight.json!.history.map((r: { loss: number }) => r.loss));
    assert.deepEqual(resumed.json!.train, straight.json!.train);
  });
}

test('a run killed mid-training resumes from its last checkpoint to the same result', async () => {
  const dir = tempDir();
  const args = ['--data', 'circles', '--model', 'mlp:8', '--optimizer', 'momentum', '--lr', '0.05', '--batch-size', '4', '--seed', '11'];
  const straight = platypus(['train', ...args, '--epochs', '40', '--out', join(dir, 'straight.json')]);
  assert.equal(straight.code, 0, straight.stderr);
  const ckpt = join(dir, 'ckpt.json');
  const child = spawn(process.execPath, [join(repoRoot, 'bin/platypus.js'), 'train', ...args, '--epochs', '40', '--save-every', '1', '--out', ckpt], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(ckpt); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  const epoch = JSON.parse(readFileSync(ckpt, 'utf8')).training.epoch as number;
  assert.ok(epoch >= 1);
  const resumed = platypus(['train', ...args, '--epochs', '40', '--resume', ckpt, '--out', join(dir, 'resumed.json')]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(tensorsOf(join(dir, 'resumed.json')), tensorsOf(join(dir, 'straight.json')), `resumed after epoch ${epoch}`);
});

test('resume refuses a file without training state, or other data', () => {
  const dir = tempDir();
  const plain = join(dir, 'plain.json');
  assert.equal(platypus(['train', '--data', 'circles', '--model', 'logistic', '--epochs', '2', '--out', plain]).code, 0);
  const r = platypus(['train', '--data', 'circles', '--resume', plain]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /holds no training state; checkpoints come from train --save-every N --out FILE/);
  const ckpt = join(dir, 'ckpt.json');
  assert.equal(platypus(['train', '--data', 'circles', '--model', 'logistic', '--epochs', '2', '--save-every', '1', '--out', ckpt]).code, 0);
  const other = platypus(['train', '--data', 'circles', '--test-split', '0.5', '--resume', ckpt]);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /the checkpoint trained on 300 rows, --data gives 150/);
});
