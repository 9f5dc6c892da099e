import type { Command } from 'commander';
import { DenseFeatures } from '../../data/features.js';
import { DataError, UsageError } from '../../errors.js';
import { Perceptron } from '../../models/perceptron.js';
import { viewOf } from '../modelView.js';
import { loadModel } from '../modelStore.js';
import { existsSync } from 'node:fs';
import { decodeGray } from '../../data/images/decode.js';
import { prepareDigit } from '../../data/images/prepare.js';
import { parseIdx } from '../../data/parsers/idx.js';
import type { SavedModel } from '../../io/modelFile.js';
import { readDataFile, readFileBytes, withFileSource } from '../datasets/readFile.js';
import { type Output, fmt } from '../output.js';

export interface PredictFlags {
  json?: boolean;
  quiet?: boolean;
}

export function registerPredict(program: Command, run: (action: (output: Output) => Promise<void>, quiet?: boolean) => Promise<void>): void {
  program
    .command('predict')
    .description('predict with a saved model: each INPUT is a row of comma-separated values, a PNG/JPEG picture, an IDX file or a CSV file')
    .argument('<model>', 'a model file saved by platypus train --out')
    .argument('<input...>', "a row (20 or '13,26,9'), a picture (digit.png: grayscale, cropped, centred and resized like MNIST), an IDX file, or a CSV file with a header")
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  platypus predict pizza.model.json 20
  platypus predict police.model.json 13,26,9 2,14,6 --json
  platypus predict digits.model.json my-digit.png
  platypus predict model.json -- -0.5,0.3      (a row that starts with '-' goes after --)`,
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

/** One row to predict: where it came from, and its values. */
interface InputRow {
  source: string;
  values: number[];
  /** whether to echo the values (short typed rows, not images) */
  echo: boolean;
  /** the label column of a CSV file, when it has one */
  expected?: number;
}

const IMAGE_FILE = /\.(png|jpe?g)$/i;
const IDX_FILE = /-ubyte(\.gz)?$/;
/** More rows than this from one file are refused: predict is for looking at a few examples. */
const MAX_FILE_ROWS = 100_000;

/** The image size a model reads: the one it was trained on, else a square of its inputs. */
function imageSizeOf(saved: SavedModel, inputs: number, source: string): [number, number] {
  if (saved.imageShape) return [saved.imageShape[0], saved.imageShape[1]];
  const side = Math.round(Math.sqrt(inputs));
  if (side * side !== inputs) throw new UsageError(`${source}: the model takes ${inputs} inputs, not an image; give comma-separated values`);
  return [side, side];
}

function rowsOf(text: string, index: number, saved: SavedModel, width: number): InputRow[] {
  if (!existsSync(text)) return [{ source: `input ${index + 1}`, values: parseRow(text, index, width), echo: true }];
  if (IMAGE_FILE.test(text)) {
    const [h, w] = imageSizeOf(saved, width, text);
    const image = decodeGray(readFileBytes(text), text);
    try {
      return [{ source: text, values: Array.from(prepareDigit(image, { height: h, width: w })), echo: false }];
    } catch (e) {
      if (e instanceof DataError && e.source === undefined) throw new DataError(e.message, text);
      throw e;
    }
  }
  if (IDX_FILE.test(text)) {
    const idx = withFileSource(text, (file) => parseIdx(file, { source: text }));
    const count = idx.dims[0]!;
    const per = idx.data.length / Math.max(1, count);
    if (per !== width) throw new UsageError(`${text}: each item has ${per} values; the model takes ${width}`);
    if (count > MAX_FILE_ROWS) throw new UsageError(`${text}: ${count} items; predict reads at most ${MAX_FILE_ROWS} (use evaluate for whole sets)`);
    return Array.from({ length: count }, (_, r) => ({ source: `${text}#${r}`, values: Array.from(idx.data.subarray(r * per, (r + 1) * per)), echo: false }));
  }
  const set = readDataFile(text);
  const cols = set.features.cols;
  const withLabel = cols + 1 === width ? false : cols === width;
  if (cols !== width && !(cols + 1 === width)) {
    throw new UsageError(`${text}: ${cols + 1} columns; the model takes ${width} inputs (a file may add one label column, the last)`);
  }
  if (set.features.rows > MAX_FILE_ROWS) throw new UsageError(`${text}: ${set.features.rows} rows; predict reads at most ${MAX_FILE_ROWS}`);
  return Array.from({ length: set.features.rows }, (_, r) => {
    const values = Array.from({ length: cols }, (_, j) => set.features.get(r, j));
    if (!withLabel) values.push(set.targets[r]!);
    const row: InputRow = { source: `${text}:${r + 2}`, values, echo: width <= 20 };
    if (withLabel) row.expected = set.targets[r]!;
    return row;
  });
}

export async function predict(modelPath: string, inputs: string[], flags: PredictFlags, output: Output): Promise<void> {
  const saved = loadModel(modelPath);
  const view = viewOf(saved.model);
  const width = view.inputs;
  const rows = inputs.flatMap((text, i) => rowsOf(text, i, saved, width));
  const features = new DenseFeatures(Float64Array.from(rows.flatMap((r) => r.values)), rows.length, width);
  const classNames = saved.classNames;
  const results: Record<string, unknown>[] = [];
  const nameOf = (k: number): string => classNames?.[k] ?? String(k);
  const base = (r: InputRow): Record<string, unknown> => ({ source: r.source, ...(r.echo ? { input: r.values } : {}), ...(r.expected !== undefined ? { expected: r.expected } : {}) });
  if (view.task === 'regression') {
    view.values(features).forEach((v, i) => results.push({ ...base(rows[i]!), prediction: v }));
  } else {
    const labels = view.classesOf(features);
    const proba = view.probabilities(features);
    const k = proba.shape[1]!;
    for (let i = 0; i < rows.length; i++) {
      const label = labels[i]!;
      const r: Record<string, unknown> = { ...base(rows[i]!), class: label, className: nameOf(label) };
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
    const input = 'input' in r ? (r.input as number[]).join(', ') : (r.source as string);
    let line: string;
    if ('prediction' in r) line = `${input} → ${target} ${fmt(r.prediction as number)}`;
    else if ('probability' in r) line = `${input} → ${r.className} (P(${classNames?.[1] ?? '1'}) = ${fmt(r.probability as number, 4)})`;
    else if ('probabilities' in r) {
      const ps = r.probabilities as number[];
      const top = ps.map((p, j) => [p, j] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
      line = `${input} → ${r.className} (${top.map(([p, j]) => `${nameOf(j)} ${(100 * p).toFixed(1)}%`).join(', ')})`;
    } else line = `${input} → ${r.className}`;
    if (r.expected !== undefined) line += ` [label ${nameOf(r.expected as number)}]`;
    output.result(line);
  }
}
