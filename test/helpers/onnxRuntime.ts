import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** What ONNX Runtime computed for a model, and everything it logged while loading and running it. */
export interface OnnxRun {
  inputNames: string[];
  outputNames: string[];
  outputs: Record<string, { dims: number[]; data: Float32Array }>;
  /** ONNX Runtime's log at severity warning and above (it writes to stderr): '' when it had no complaint */
  log: string;
}

/**
 * The child: loads the model with session logging at 'warning' (severity 2) and the default environment
 * level, runs one batch and prints the outputs as JSON. ONNX Runtime logs from native code straight to
 * stderr, which only a separate process can capture.
 */
const CHILD = `
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
const [modelPath, inputPath, dims] = process.argv.slice(1);
const session = await ort.InferenceSession.create(readFileSync(modelPath), { logSeverityLevel: 2 });
const bytes = readFileSync(inputPath);
const x = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
const results = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, JSON.parse(dims)) });
const outputs = {};
for (const [name, t] of Object.entries(results)) outputs[name] = { dims: t.dims, data: Array.from(t.data) };
process.stdout.write(JSON.stringify({ inputNames: session.inputNames, outputNames: session.outputNames, outputs }));
`;

/** Runs an .onnx model's bytes on float32 rows x: dims in ONNX Runtime (onnxruntime-node) in a child process. */
export function runOnnx(model: Uint8Array, x: Float32Array, dims: readonly number[]): OnnxRun {
  const dir = mkdtempSync(join(tmpdir(), 'platypus-onnx-'));
  try {
    const modelPath = join(dir, 'model.onnx');
    const inputPath = join(dir, 'input.f32');
    writeFileSync(modelPath, model);
    writeFileSync(inputPath, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, modelPath, inputPath, JSON.stringify(dims)], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`onnxruntime failed (exit ${r.status}): ${r.stderr}`);
    const parsed = JSON.parse(r.stdout) as { inputNames: string[]; outputNames: string[]; outputs: Record<string, { dims: number[]; data: number[] }> };
    const outputs: OnnxRun['outputs'] = {};
    for (const [name, t] of Object.entries(parsed.outputs)) outputs[name] = { dims: t.dims, data: Float32Array.from(t.data) };
    return { inputNames: parsed.inputNames, outputNames: parsed.outputNames, outputs, log: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
