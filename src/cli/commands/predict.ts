import type { Command } from 'commander';
import { DenseFeatures } from '../../data/features.js';
import { UsageError } from '../../errors.js';
import { Perceptron } from '../../models/perceptron.js';
import { viewOf } from '../modelView.js';
import { loadModel } from '../modelStore.js';
import { type Output, fmt } from '../output.js';

export interface PredictFlags {
  json?: boolean;
  quiet?: boolean;
}

export function registerPredict(program: Command, run: (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>): void {
  program
    .command('predict')
    .description('predict with a saved model: each INPUT is one row of comma-separated feature values')
    .argument('<model>', 'a model file saved by platypus train --out')
    .argument('<input...>', "one row per argument, e.g. 20 or '13,26,9'")
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  platypus predict pizza.model.json 20
  platypus predict police.model.json 13,26,9 2,14,6 --json`,
    )
    .action((modelPath: string, inputs: string[], flags: PredictFlags) => run((output) => predict(modelPath, inputs, flags, output), flags.quiet));
}

/** Parses one CSV row argument into numbers, naming the argument on error. */
function parseRow(text: string, index: number, width: number): number[] {
  const cells = text.split(/[,\s]+/).filter((c) => c !== '');
  if (cells.length !== width) throw new UsageError(`input ${index + 1} ('${text}') has ${cells.length} values; the model takes ${width}`);
  return cells.map((c) => {
    const v = Number(c);
    if (!Number.isFinite(v)) throw new UsageError(`input ${index + 1}: '${c}' is not a finite number`);
    return v;
  });
}

export async function predict(modelPath: string, inputs: string[], flags: PredictFlags, output: Output): Promise<void> {
  const saved = loadModel(modelPath);
  const view = viewOf(saved.model);
  const width = view.inputs;
  const rows = inputs.map((text, i) => parseRow(text, i, width));
  const features = new DenseFeatures(Float64Array.from(rows.flat()), rows.length, width);
  const classNames = saved.classNames;
  const results: Record<string, unknown>[] = [];
  const nameOf = (k: number): string => classNames?.[k] ?? String(k);
  if (view.task === 'regression') {
    view.values(features).forEach((v, i) => results.push({ input: rows[i], prediction: v }));
  } else {
    const labels = view.classesOf(features);
    const proba = view.probabilities(features);
    const k = proba.shape[1]!;
    for (let i = 0; i < rows.length; i++) {
      const label = labels[i]!;
      const r: Record<string, unknown> = { input: rows[i], class: label, className: nameOf(label) };
      if (saved.model instanceof Perceptron) {
        // no probabilities: a perceptron only knows the side of its line
      } else if (view.task === 'binary') r.probability = proba.data[i]!;
      else r.probabilities = Array.from(proba.data.subarray(i * k, (i + 1) * k));
      results.push(r);
    }
  }
  if (flags.json) {
    output.json({ command: 'predict', model: view.kind, modelFile: modelPath, predictions: results });
    return;
  }
  const target = saved.targetName;
  for (const r of results) {
    const input = (r.input as number[]).join(', ');
    if ('prediction' in r) output.result(`${input} → ${target} ${fmt(r.prediction as number)}`);
    else if ('probability' in r) output.result(`${input} → ${r.className} (P(${classNames?.[1] ?? '1'}) = ${fmt(r.probability as number, 4)})`);
    else if ('probabilities' in r) output.result(`${input} → ${r.className} (P = ${fmt(Math.max(...(r.probabilities as number[])), 4)})`);
    else output.result(`${input} → ${r.className}`);
  }
}
