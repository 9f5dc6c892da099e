import { ModelError } from '../errors.js';
import { NeuralNetwork } from '../models/neuralNetwork.js';
import { Tensor } from '../tensor/tensor.js';

/** Rows × columns of a JSON matrix, checked: every row the same length, every entry a finite number. */
function matrix(value: unknown, what: string, source: string): Tensor {
  if (!Array.isArray(value) || value.length === 0) throw new ModelError(`${source}: ${what} is not a non-empty array of rows`);
  const cols = Array.isArray(value[0]) ? value[0].length : -1;
  if (cols <= 0) throw new ModelError(`${source}: ${what} row 0 is not a non-empty array`);
  // Every row is checked before the matrix is allocated: rows × (row 0's length) is a claim until then.
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols) throw new ModelError(`${source}: ${what} row ${i} has ${Array.isArray(row) ? row.length : 'no'} columns, row 0 has ${cols}`);
  });
  const t = Tensor.zeros([value.length, cols], 'float64');
  value.forEach((row: unknown[], i) => {
    row.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelError(`${source}: ${what}[${i}][${j}] is not a finite number`);
      t.data[i * cols + j] = v;
    });
  });
  return t;
}

/** Rows 1… of m (the weights) and row 0 (the bias), as the book lays out a layer with a bias input. */
function splitBias(m: Tensor): { weights: Tensor; bias: Tensor } {
  const [rows, cols] = m.shape as [number, number];
  return { weights: new Tensor([rows - 1, cols], m.data.slice(cols)), bias: new Tensor([cols], m.data.slice(0, cols)) };
}

/**
 * The book's trained network file: a JSON array [w1, w2] for a sigmoid hidden layer and a softmax output,
 * each matrix with the bias weights in row 0 (the book prepends a column of ones to its inputs).
 * Inputs are raw pixels, so the network is built without standardization.
 */
export function parseBookWeights(text: string, source: string): NeuralNetwork {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError(`${source}: not a book weights file (invalid JSON: ${(e as Error).message})`);
  }
  if (!Array.isArray(json) || json.length !== 2) throw new ModelError(`${source}: a book weights file is a JSON array [w1, w2] of two matrices`);
  const w1 = matrix(json[0], 'w1', source);
  const w2 = matrix(json[1], 'w2', source);
  const hidden = w1.shape[1]!;
  if (w2.shape[0] !== hidden + 1) {
    throw new ModelError(`${source}: w2 has ${w2.shape[0]} rows; after a hidden layer of ${hidden} nodes it needs ${hidden + 1} (bias row first)`);
  }
  if (w1.shape[0]! < 2 || w2.shape[1]! < 2) throw new ModelError(`${source}: the network needs at least one input and two classes`);
  const first = splitBias(w1);
  const second = splitBias(w2);
  const model = new NeuralNetwork({ hidden: [hidden], activation: 'sigmoid', output: 'softmax', dtype: 'float64', standardize: false });
  return model.setLearned({
    inputs: first.weights.shape[0]!,
    outputs: second.weights.shape[1]!,
    tensors: {
      '0.dense0.weights': first.weights,
      '0.dense0.bias': first.bias,
      '2.dense1.weights': second.weights,
      '2.dense1.bias': second.bias,
    },
  });
}
