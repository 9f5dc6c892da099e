import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { explainCrossEntropy } from '../explain/crossEntropy.js';
import { explainGradient } from '../explain/gradient.js';
import { explainPrecisionRecall } from '../explain/precisionRecall.js';
import { explainSoftmax } from '../explain/softmax.js';
import type { ExplainFlags } from '../explain/source.js';
import type { Output } from '../output.js';

interface Topic {
  summary: string;
  run(flags: ExplainFlags, output: Output): Promise<void>;
  /** flags only this topic reads */
  flags: readonly (keyof ExplainFlags)[];
}

/** The topics, in the order `--help` lists them. */
export const TOPICS: Readonly<Record<string, Topic>> = Object.freeze({
  gradient: { summary: 'backpropagation against finite differences, per parameter tensor (float64)', run: explainGradient, flags: ['example', 'rows'] },
  softmax: { summary: 'softmax + cross-entropy and its derivative ŷ − y on one example, step by step', run: explainSoftmax, flags: ['example'] },
  'cross-entropy': { summary: 'the loss of a confident-right, an unsure and a confident-wrong prediction; clipping at 1e-15', run: explainCrossEntropy, flags: [] },
  'precision-recall': { summary: 'confusion counts, precision and recall at thresholds 0.1 … 0.9, the trade-off curve', run: explainPrecisionRecall, flags: ['report'] },
});

const TOPIC_FLAGS: readonly [keyof ExplainFlags, string][] = [
  ['example', '--example'],
  ['rows', '--rows'],
  ['report', '--report'],
];

export function registerExplain(program: Command, run: (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>): void {
  const topicList = Object.entries(TOPICS).map(([name, t]) => `  ${name.padEnd(17)} ${t.summary}`).join('\n');
  program
    .command('explain')
    .description('walk through one idea with the real numbers of one example: gradient, softmax, cross-entropy or precision-recall')
    .argument('<topic>', Object.keys(TOPICS).join(' | '))
    .option('--model <file>', 'a model file saved by platypus train --out (needs --data); default: a small model trained here for a moment')
    .option('--data <spec>', 'a text file, a generator or mnist / fashion-mnist / cifar-10 (default: blobs with noise 1, or gaussians with noise 1.2 for precision-recall)')
    .option('--label <column>', 'the label column of a text file (default: the last)')
    .option('--data-dir <dir>', 'read mnist / fashion-mnist / cifar-10 files from this folder')
    .option('--seed <n>', 'seed of a generated set and of the default model (default: 0)')
    .option('--positive <class>', 'make the task "is it CLASS?" (a class name or index): for the default model, or a multiclass model in precision-recall')
    .option('--example <row>', 'gradient, softmax: the row to walk through (default: 0)')
    .option('--rows <n>', 'gradient: rows in the batch, from --example on (default: 4)')
    .option('--report <dir>', 'precision-recall: also write an HTML page with the curve')
    .option('--json', 'print one JSON object with the numbers shown as the last line of stdout')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Topics:
${topicList}

Examples:
  platypus explain gradient
  platypus explain gradient --model circles.model.json --data circles --rows 8
  platypus explain softmax --example 7
  platypus explain softmax --model fashion.model.json --data fashion-mnist --example 3
  platypus explain cross-entropy --json
  platypus explain precision-recall --report pr/
  platypus explain precision-recall --data fashion-mnist --positive Sneaker
  platypus explain precision-recall --model police.model.json --data police.txt`,
    )
    .action((topic: string, flags: ExplainFlags) => run((output) => explain(topic, flags, output), flags.quiet));
}

export async function explain(topic: string, flags: ExplainFlags, output: Output): Promise<void> {
  const chosen = Object.hasOwn(TOPICS, topic) ? TOPICS[topic] : undefined;
  if (chosen === undefined) throw new UsageError(`explain: unknown topic '${topic}'; topics are ${Object.keys(TOPICS).join(', ')}`);
  for (const [key, flag] of TOPIC_FLAGS) {
    if (flags[key] !== undefined && !chosen.flags.includes(key)) {
      const users = Object.entries(TOPICS).filter(([, t]) => t.flags.includes(key)).map(([name]) => name);
      throw new UsageError(`${flag} applies to explain ${users.join(' and ')}, not ${topic}`);
    }
  }
  await chosen.run(flags, output);
}
