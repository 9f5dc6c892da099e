import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DenseFeatures } from '../../src/data/features.js';
import { parseModelFile, serializeModel } from '../../src/io/modelFile.js';
import { decodeOnnxModel } from '../../src/io/onnx/proto.js';
import { NeuralNetwork } from '../../src/models/neuralNetwork.js';
import { parseLayerSpecs } from '../../src/nn/layerSpec.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { platypus, tempDir } from '../helpers/cli.js';
import { writeMiniIdx } from '../helpers/miniIdx.js';
import { FASHION_MNIST_DIR, available } from '../helpers/paths.js';
import { runOnnx } from '../helpers/onnxRuntime.js';

const dir = tempDir();
const modelPath = join(dir, 'spiral.json');

test('export --onnx --json: the summary, a file ONNX Runtime runs as Platypus does, metadata from the model file', () => {
  const trained = platypus(['train', '--data', 'spiral', '--model', 'mlp:8', '--activation', 'relu', '--epochs', '5', '--quiet', '--out', modelPath]);
  assert.equal(trained.code, 0, trained.stderr);
  const out = join(dir, 'spiral.onnx');
  const r = platypus(['export', modelPath, '--onnx', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = r.json!;
  assert.equal(s.command, 'export');
  assert.equal(s.model, 'neural-network');
  assert.equal(s.format, 'onnx');
  assert.equal(s.file, out);
  assert.equal(s.bytes, statSync(out).size);
  assert.equal(s.opset, 17);
  assert.equal(s.irVersion, 8);
  assert.deepEqual(s.inputs, [{ name: 'input', shape: ['N', 2] }]);
  assert.deepEqual(s.outputs, [{ name: 'probabilities', shape: ['N', 2] }]);
  assert.deepEqual(s.nodes.map((n: { op: string }) => n.op), ['Gemm', 'Relu', 'Gemm', 'Softmax']);

  const bytes = new Uint8Array(readFileSync(out));
  const meta = Object.fromEntries(decodeOnnxModel(bytes).metadataProps.map((p) => [p.key, p.value]));
  assert.equal(meta['platypus.kind'], 'neural-network');
  assert.equal(JSON.parse(meta['platypus.featureNames']!).length, 2);
  assert.ok(meta['platypus.target']);

  const model = parseModelFile(readFileSync(modelPath, 'utf8'), modelPath).model as NeuralNetwork;
  const x = new Tensor([4, 2], Float32Array.from([0, 0, 0.5, -0.5, -1, 0.25, 0.9, 0.9]));
  const expected = model.predictProba(x).data;
  const run = runOnnx(bytes, x.data as Float32Array, x.shape);
  assert.equal(run.log, '');
  const got = run.outputs.probabilities!.data;
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(got[i]! - expected[i]!) <= 1e-5);
});

test('export without --json: two lines for people', () => {
  const out = join(dir, 'people.onnx');
  const r = platypus(['export', modelPath, '--onnx', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^wrote .*people\.onnx \(\d+ bytes\): ONNX opset 17, input \[N, 2\] → probabilities \[N, 2\]\n {2}4 nodes: Gemm → Relu → Gemm → Softmax\n$/);
});

test('a convolutional network from a model file exports with its image shape in the metadata', () => {
  const rows = 12;
  const data = Float32Array.from({ length: rows * 36 }, (_, i) => Math.sin(i));
  const model = new NeuralNetwork({ layers: parseLayerSpecs('conv:2x3,pool:2'), imageShape: [6, 6, 1], epochs: 1, activation: 'relu' });
  model.fit(new DenseFeatures(data, rows, 36), Float64Array.from({ length: rows }, (_, i) => i % 2));
  const file = join(dir, 'cnn.json');
  writeFileSync(file, serializeModel({ model, targetName: 'label', imageShape: [6, 6, 1], classNames: ['a', 'b'] }));
  const out = join(dir, 'cnn.onnx');
  const r = platypus(['export', file, '--onnx', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json!.nodes.map((n: { op: string }) => n.op), ['Reshape', 'Transpose', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Flatten', 'Gemm', 'Softmax']);
  const meta = Object.fromEntries(decodeOnnxModel(new Uint8Array(readFileSync(out))).metadataProps.map((p) => [p.key, p.value]));
  assert.equal(meta['platypus.imageShape'], '[6,6,1]');
  assert.equal(meta['platypus.classNames'], '["a","b"]');
});

const fashion = available(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`) ? false : 'Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)';

test('train --model cnn on Fashion-MNIST, export: ONNX Runtime on raw pixels gives the probabilities Platypus gives', { skip: fashion, timeout: 120_000 }, () => {
  const data = tempDir();
  writeMiniIdx(FASHION_MNIST_DIR, data, 300, 100);
  const model = join(data, 'cnn.json');
  const trained = platypus(['train', '--data', 'fashion-mnist', '--data-dir', data, '--model', 'cnn', '--epochs', '1', '--quiet', '--out', model]);
  assert.equal(trained.code, 0, trained.stderr);
  const out = join(data, 'cnn.onnx');
  const r = platypus(['export', model, '--onnx', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json!.inputs, [{ name: 'input', shape: ['N', 784] }]);
  assert.deepEqual(r.json!.nodes.slice(0, 5).map((n: { op: string }) => n.op), ['Sub', 'Mul', 'Reshape', 'Transpose', 'Conv']);
  const pixels = gunzipSync(readFileSync(join(data, 't10k-images-idx3-ubyte.gz'))).subarray(16);
  const x = new Tensor([100, 784], Float32Array.from(pixels));
  const expected = (parseModelFile(readFileSync(model, 'utf8'), model).model as NeuralNetwork).predictProba(x).data;
  const run = runOnnx(new Uint8Array(readFileSync(out)), x.data as Float32Array, x.shape);
  assert.equal(run.log, '');
  const got = run.outputs.probabilities!.data;
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(got[i]! - expected[i]!));
  assert.ok(max <= 1e-5, `max difference ${max}`);
});

/** One line on stderr, the exit code, nothing on stdout, no stack trace. */
function fails(args: string[], code: number, pattern: RegExp): void {
  const r = platypus(args);
  assert.equal(r.code, code, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.match(r.stderr.split('\n')[0]!, /^(platypus: )?error: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '');
}

test('a bad model file is exit 2 with a one-line error naming it; nothing is written', () => {
  const out = join(dir, 'never.onnx');
  const garbage = join(dir, 'garbage.json');
  writeFileSync(garbage, 'garbage\n');
  fails(['export', garbage, '--onnx', out], 2, /^platypus: error: .*garbage\.json: not a Platypus model file \(invalid JSON: [^\n]*\n$/);
  fails(['export', join(dir, 'missing.json'), '--onnx', out], 2, /missing\.json: no such file/);
  assert.ok(!readdirSync(dir).some((f) => f.includes('never.onnx')));
});

test('an unwritable output is exit 1; the model file itself is refused as the output', () => {
  fails(['export', modelPath, '--onnx', join(dir, 'no-such-dir', 'x.onnx')], 1, /cannot write .*x\.onnx: no such directory/);
  fails(['export', modelPath, '--onnx', modelPath], 1, /is the model file itself/);
  fails(['export', modelPath], 1, /required option '--onnx <file>'/);
});

test('export --help shows examples', () => {
  const r = platypus(['export', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Examples:\n {2}platypus export /);
});
