import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.js';
import type { Output } from '../output.js';
import { startPlaygroundServer } from '../playgroundServer.js';

/** The playground's build: dist/web, next to this file's dist/src. */
export function playgroundRoot(): string {
  return fileURLToPath(new URL('../../../web/', import.meta.url));
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port > 65535) throw new UsageError(`--port must be a whole number in 0…65535, got ${text}`);
  return port;
}

export function registerPlayground(program: Command, run: (action: (output: Output) => Promise<void>) => Promise<void>): void {
  program
    .command('playground')
    .description('serve the playground (the 2-D lab) on this machine and print its address; opens nothing')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on; anything but loopback exposes the page to the network', '127.0.0.1')
    .addHelpText(
      'after',
      `
Examples:
  platypus playground                 serve on http://localhost:8080/
  platypus playground --port 0        pick a free port and print it
  npm start                           the same, from a checkout`,
    )
    .action((flags: { port: string; host: string }) =>
      run(async (output) => {
        const root = playgroundRoot();
        if (!existsSync(`${root}/index.html`)) throw new UsageError(`the playground is not built (no ${root}index.html): run 'npm run build'`);
        const served = await startPlaygroundServer({ root, port: parsePort(flags.port), host: flags.host });
        output.result(served.host === '127.0.0.1' ? served.url : `http://${served.host}:${served.port}/`);
        output.note('serving the playground; Ctrl-C stops it');
        await new Promise<void>((done) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void served.close().then(done);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      }),
    );
}
