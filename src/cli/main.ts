import { Command, CommanderError } from 'commander';
import { PlatypusError } from '../errors.js';
import { registerCompare } from './commands/compare.js';
import { registerData } from './commands/data.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExplain } from './commands/explain.js';
import { registerExport } from './commands/export.js';
import { packageVersion, registerInfo } from './commands/info.js';
import { registerPlayground } from './commands/playground.js';
import { registerPredict } from './commands/predict.js';
import { registerTrain } from './commands/train.js';
import { EXIT, exitCodeFor } from './exitCodes.js';
import { type Output, consoleOutput } from './output.js';
import { releaseKernels, selectKernels } from './kernels.js';
import { parseChoice } from './parseOptions.js';

/** Runs the CLI on argv and resolves to the exit code; never throws. */
/** A reader that stops early (`platypus … | head`) closes the pipe: that ends the output, not in an error. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe();
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  let exitCode: number = EXIT.ok;
  const fail = (error: unknown): void => {
    exitCode = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`platypus: error: ${message}\n`);
    if (exitCode === EXIT.usage) process.stderr.write("(run 'platypus --help' or 'platypus COMMAND --help' for usage)\n");
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else if (!(error instanceof PlatypusError)) process.stderr.write('(this is a bug in platypus; --debug shows the stack trace)\n');
  };
  const run = async (action: (output: Output) => Promise<void>, quiet?: boolean): Promise<void> => {
    try {
      await action(consoleOutput({ quiet }));
    } catch (e) {
      fail(e);
    }
  };
  const program = new Command()
    .name('platypus')
    .description('Machine learning from zero to deep learning: train, evaluate and predict from the command line.')
    .version(packageVersion())
    .option('--debug', 'show stack traces of errors')
    .option('--kernels <auto|js|wasm>', 'compute kernels: WebAssembly SIMD (wasm), portable TypeScript (js), or wasm where available (auto)', 'auto')
    .option('--threads <1|2>', 'threads for large matrix products (wasm kernels only)', '1')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError("(run 'platypus COMMAND --help' for usage)");
  program.hook('preAction', async (root) => {
    const o = root.opts<{ kernels: string; threads: string }>();
    const choice = parseChoice('--kernels', o.kernels, ['auto', 'js', 'wasm'] as const)!;
    const threads = Number(parseChoice('--threads', o.threads, ['1', '2'] as const)) as 1 | 2;
    await selectKernels(choice, threads);
  });
  registerTrain(program, run);
  registerEvaluate(program, run);
  registerPredict(program, run);
  registerExport(program, run);
  registerCompare(program, run);
  registerData(program, run);
  registerInfo(program, run);
  registerExplain(program, run);
  registerPlayground(program, run);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  try {
    await program.parseAsync(args as string[], { from: 'node' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with code 0; parse errors were already printed.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    fail(e);
  } finally {
    releaseKernels();
  }
  return exitCode;
}
