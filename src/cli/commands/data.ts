import type { Command } from 'commander';
import { downloadNamedDataset, listNamedDatasets } from '../datasets/list.js';
import { GENERATORS } from '../../data/generators/index.js';
import type { Output } from '../output.js';
import { downloadNotes } from './dataOptions.js';

export function registerData(program: Command, run: (action: (output: Output) => Promise<void>) => Promise<void>): void {
  const data = program.command('data').description('named datasets and generators: where they are, and downloading them');
  data
    .command('list')
    .description('named datasets (where each was found, sizes) and the built-in generators')
    .option('--data-dir <dir>', 'look here first')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .action((flags: { dataDir?: string; json?: boolean }) =>
      run(async (output) => {
        const datasets = listNamedDatasets({ dataDir: flags.dataDir });
        if (flags.json) {
          output.json({ command: 'data list', datasets, generators: Object.keys(GENERATORS) });
          return;
        }
        for (const d of datasets) {
          const bytes = d.files.reduce((s, f) => s + (f.bytes ?? 0), 0);
          const about = `[${d.imageShape.join('×')}, ${d.classNames.length} classes]`;
          output.result(`${d.name.padEnd(14)} ${d.status.padEnd(10)} ${d.foundIn ? `${d.foundIn} ` : ''}${bytes ? `(${(bytes / 1e6).toFixed(1)} MB) ` : ''}${about}`);
        }
        output.result(`generators: ${Object.keys(GENERATORS).join(', ')}`);
      }),
    );
  data
    .command('get')
    .description('download a named dataset into the cache, with checksums')
    .argument('<name>', 'mnist, fashion-mnist or cifar-10')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .action((name: string, flags: { json?: boolean }) =>
      run(async (output) => {
        const report = await downloadNamedDataset(name, { onProgress: downloadNotes(output) });
        if (flags.json) output.json({ command: 'data get', ...report });
        else output.result(`${name}: ${report.downloaded.length ? `downloaded ${report.downloaded.join(', ')}` : 'already present'} in ${report.dir}`);
      }),
    );
}
