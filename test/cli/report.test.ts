import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decode } from 'fast-png';
import { platypus, tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

test('--report writes an HTML page with curves, confusion matrix, decision boundary and node pictures', () => {
  const dir = join(tempDir(), 'report');
  const r = platypus(['train', '--data', 'gaussians', '--model', 'logistic', '--epochs', '300', '--lr', '0.1', '--report', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json!.report, join(dir, 'index.html'));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const part of ['Training curves', 'Confusion matrix', 'Decision boundary', 'What every node computes', '<svg']) assert.ok(html.includes(part), part);
  for (const file of ['loss.svg', 'accuracy.svg', 'confusion-matrix.svg', 'decision-boundary.png', 'node-output-1.png']) {
    assert.ok(existsSync(join(dir, file)), file);
  }
  const png = decode(readFileSync(join(dir, 'decision-boundary.png')));
  assert.equal(png.width, 300);
  // Both classes' colours appear in the boundary picture: the model splits the plane.
  const colours = new Set<string>();
  for (let i = 0; i < png.width * png.height; i += 97) colours.add(`${png.data[4 * i]},${png.data[4 * i + 1]},${png.data[4 * i + 2]}`);
  assert.ok(colours.size > 10);
});

test('an unwritable report directory fails before training, with exit code 1', () => {
  const parent = tempDir();
  const file = join(parent, 'a-file');
  writeFileSync(file, '');
  const r = platypus(['train', '--data', 'circles', '--model', 'logistic', '--report', join(file, 'sub')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^platypus: error: --report .*a-file\/sub: cannot write the report: not a directory/);
  if (process.getuid?.() !== 0) {
    const locked = join(parent, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const r2 = platypus(['train', '--data', 'circles', '--model', 'logistic', '--report', join(locked, 'r')]);
    assert.equal(r2.code, 1);
  }
});

test('Ctrl-C during train saves a loadable model and the report so far; a second Ctrl-C exits at once', async () => {
  const dir = tempDir();
  const model = join(dir, 'm.json');
  const report = join(dir, 'report');
  const child = spawn(process.execPath, [join(repoRoot, 'bin/platypus.js'), 'train', '--data', 'circles', '--model', 'logistic', '--epochs', '100000000', '--batch-size', '1', '--out', model, '--report', report, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stderr);
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
  assert.equal(summary.interrupted, true);
  assert.ok(summary.epochs >= 1);
  assert.ok(existsSync(join(report, 'index.html')));
  const p = platypus(['predict', model, '0.5,0.5', '--json']);
  assert.equal(p.code, 0, p.stderr);

  // The second press: Node's default action ends the process by the signal, wherever it is (here while it
  // renders the report after the first press stopped training).
  const again = spawn(process.execPath, [join(repoRoot, 'bin/platypus.js'), 'train', '--data', 'circles', '--model', 'logistic', '--epochs', '100000000', '--batch-size', '1', '--out', join(dir, 'n.json'), '--report', join(dir, 'r2')], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Signals that arrive together merge into one: send the second once the first has been seen.
  const seen = new Promise<void>((resolve) => again.stderr.on('data', (d: Buffer) => d.toString().includes('stopping after this batch') && resolve()));
  again.kill('SIGINT');
  await seen;
  again.kill('SIGINT');
  const [code2, signal2] = await new Promise<[number | null, string | null]>((resolve) => again.on('exit', (c, s) => resolve([c, s])));
  assert.deepEqual([code2, signal2], [null, 'SIGINT']);
  // Whatever the moment, the model file is either absent or whole.
  if (existsSync(join(dir, 'n.json'))) assert.equal(platypus(['predict', join(dir, 'n.json'), '0,0']).code, 0);
});

test('--save-every leaves a loadable checkpoint when the process is killed mid-training', async () => {
  const dir = tempDir();
  const model = join(dir, 'ckpt.json');
  const child = spawn(process.execPath, [join(repoRoot, 'bin/platypus.js'), 'train', '--data', 'circles', '--model', 'mlp:8', '--epochs', '100000000', '--batch-size', '4', '--save-every', '1', '--out', model], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(model); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(existsSync(model), 'a checkpoint was written');
  const p = platypus(['predict', model, '0.5,0.5', '--json']);
  assert.equal(p.code, 0, p.stderr);
  const r = platypus(['train', '--data', 'circles', '--save-every', '2']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--save-every needs --out FILE/);
});
