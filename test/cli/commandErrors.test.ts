import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { platypus, tempDir } from '../helpers/cli.js';

/** One line on stderr, the exit code, nothing on stdout, no stack trace. */
function fails(args: string[], code: number, pattern: RegExp): void {
  const r = platypus(args);
  assert.equal(r.code, code, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '');
}

const dir = tempDir();
const missing = join(dir, 'no-such-model.json');

test('every command: an unknown flag is a usage error (exit 1)', () => {
  for (const command of [['train', '--data', 'circles'], ['evaluate', missing, '--data', 'circles'], ['predict', missing, '1,2'], ['compare', '--data', 'circles'], ['explain', 'softmax'], ['data', 'list'], ['info'], ['playground']]) {
    fails([...command, '--no-such-flag'], 1, /unknown option '--no-such-flag'/);
  }
  fails(['no-such-command'], 1, /unknown command 'no-such-command'/);
});

test('every command that reads a model: a missing file is a data error (exit 2) naming the file', () => {
  fails(['evaluate', missing, '--data', 'circles'], 2, /^platypus: error: .*no-such-model\.json: no such file/);
  fails(['predict', missing, '1,2'], 2, /^platypus: error: .*no-such-model\.json: no such file/);
  fails(['explain', 'gradient', '--model', missing, '--data', 'circles'], 2, /no-such-model\.json/);
});

test('every command that reads data: a missing data file is a data error (exit 2)', () => {
  const data = join(dir, 'no-such-data.txt');
  fails(['train', '--data', data], 2, /no-such-data\.txt/);
  fails(['compare', '--data', data], 2, /no-such-data\.txt/);
  const model = join(dir, 'm.json');
  assert.equal(platypus(['train', '--data', 'circles', '--model', 'logistic', '--epochs', '1', '--out', model]).code, 0);
  fails(['evaluate', model, '--data', data], 2, /no-such-data\.txt/);
});

test('data get and playground refuse bad arguments', () => {
  fails(['data', 'get', 'imagenet'], 1, /imagenet/);
  fails(['playground', '--port', 'eighty'], 1, /--port/);
  fails(['--kernels', 'gpu', 'info'], 1, /--kernels must be one of auto, js, wasm/);
  fails(['--threads', '3', 'info'], 1, /--threads must be one of 1, 2/);
});

test('--help of every command shows examples and exits 0', () => {
  for (const command of ['train', 'evaluate', 'predict', 'compare', 'explain', 'playground']) {
    const r = platypus([command, '--help']);
    assert.equal(r.code, 0, command);
    assert.match(r.stdout, /Examples:/, command);
  }
});
