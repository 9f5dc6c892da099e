import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { activeKernels } from '../../tensor/backend.js';
import { defaultCacheRoot } from '../datasets/paths.js';
import type { Output } from '../output.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function registerInfo(program: Command, run: (action: (output: Output) => Promise<void>) => Promise<void>): void {
  program
    .command('info')
    .description('versions, kernels in use, threads, cache location')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .action((flags: { json?: boolean }) =>
      run(async (output) => {
        const kernels = activeKernels();
        const info = {
          command: 'info',
          platypus: packageVersion(),
          node: process.version,
          kernels: kernels.name,
          threads: kernels.threads,
          cache: defaultCacheRoot(),
        };
        if (flags.json) output.json(info);
        else for (const [k, v] of Object.entries(info).slice(1)) output.result(`${k.padEnd(9)} ${v}`);
      }),
    );
}
