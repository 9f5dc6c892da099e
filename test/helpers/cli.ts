import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** the JSON object on stdout's last line, when there is one */
  json?: Record<string, any>;
}

/** Runs the real `platypus` binary in a child process. */
export function platypus(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/platypus.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: options.timeoutMs ?? 120_000,
  });
  const result: CliResult = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  const last = r.stdout.trim().split('\n').at(-1);
  if (last?.startsWith('{')) result.json = JSON.parse(last);
  return result;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'platypus-test-'));
}
