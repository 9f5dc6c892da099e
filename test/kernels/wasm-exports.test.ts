import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as wasm from '../../src/kernels/wasm/index.js';

test('the public exports of the WebAssembly backend are pinned', () => {
  assert.deepEqual(Object.keys(wasm).sort(), [
    'WasmArena',
    'loadWasmKernels',
    'relaxedSimdSupported',
    'runKernelWorker',
    'sharedMemorySupported',
    'wasmSimdSupported',
  ]);
});
