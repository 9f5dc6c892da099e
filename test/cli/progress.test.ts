import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

test('the progress bar draws in a real terminal (tmux) and stays off the pipe', { skip: hasTmux ? false : 'tmux is not installed' }, async () => {
  const session = `platypus-progress-${process.pid}`;
  const bin = join(repoRoot, 'bin/platypus.js');
  // A run long enough to watch: one-row batches on a generated set.
  const command = `${process.execPath} ${bin} --kernels js train --data circles --model logistic --epochs 400 --batch-size 1 --lr 0.01; sleep 30`;
  tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '20', command);
  try {
    let screen = '';
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      screen = tmux('capture-pane', '-p', '-t', session);
      if (/epoch \d+\/400 .*batch \d+\/300 · loss [\d.e-]+ · acc/.test(screen)) break;
    }
    assert.match(screen, /epoch \d+\/400 \|[█░#-]+\| batch \d+\/300 · loss [\d.e-]+ · acc [\d.%—]+ · \d+ samples\/s · ETA/);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
  // Through a pipe (not a terminal) stderr gets no bar, only the one-line note.
  const piped = spawnSync(process.execPath, [bin, '--kernels', 'js', 'train', '--data', 'circles', '--model', 'logistic', '--epochs', '5'], { encoding: 'utf8' });
  assert.equal(piped.status, 0);
  assert.doesNotMatch(piped.stderr, /ETA/);
  assert.match(piped.stderr, /^training logistic on circles/);
  // --quiet silences stderr entirely.
  const quiet = spawnSync(process.execPath, [bin, 'train', '--data', 'circles', '--model', 'logistic', '--epochs', '5', '--quiet'], { encoding: 'utf8' });
  assert.equal(quiet.stderr, '');
});
