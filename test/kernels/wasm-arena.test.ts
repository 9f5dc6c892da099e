import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsKernels } from '../../src/kernels/js/index.js';
import * as binaries from '../../src/kernels/wasm/binaries.js';
import {
  loadWasmKernels,
  relaxedSimdSupported,
  sharedMemorySupported,
  wasmSimdSupported,
} from '../../src/kernels/wasm/index.js';
import { enableRelaxedSimdInNode } from '../../src/kernels/wasm/node-flags.js';
import { TestRng } from './wasm-helpers.js';

test('the feature probes see SIMD, shared memory, and relaxed SIMD once the Node flag is set', () => {
  assert.equal(wasmSimdSupported(), true);
  assert.equal(sharedMemorySupported(), true);
  assert.equal(enableRelaxedSimdInNode(), relaxedSimdSupported());
});

test('loadWasmKernels names the build it picked and can take the bytes from the caller', async () => {
  const plain = await loadWasmKernels({ relaxedSimd: false, binaries });
  assert.equal(plain.name, 'wasm-simd');
  assert.equal(plain.threads, 1);
  if (enableRelaxedSimdInNode()) {
    const relaxed = await loadWasmKernels({ relaxedSimd: true });
    assert.equal(relaxed.name, 'wasm-relaxed');
    assert.equal((await loadWasmKernels()).name, 'wasm-relaxed', "'auto' prefers relaxed SIMD");
  }
  const unshared = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 4 << 20 });
  assert.equal(unshared.arena.shared, false);
  assert.equal(unshared.arena.memoryBytes, 4 << 20, 'an unshared memory starts at its maximum');
});

test('allocFloat32 hands out zeroed, aligned views of the memory; mark/release frees in stack order', async () => {
  const { arena } = await loadWasmKernels({ initialMemoryBytes: 1 << 20 });
  const mark = arena.mark();
  const a = arena.allocFloat32(5);
  a.fill(7);
  const b = arena.allocFloat32(3);
  assert.equal(a.byteOffset % 64, 0);
  assert.equal(b.byteOffset % 64, 0);
  assert.ok(b.byteOffset >= a.byteOffset + a.byteLength);
  assert.ok(arena.owns(a) && arena.owns(b));
  assert.equal(arena.owns(new Float32Array(5)), false);
  arena.release(mark);
  assert.equal(arena.bytesInUse, 0);
  const again = arena.allocFloat32(5);
  assert.equal(again.byteOffset, a.byteOffset, 'released space is reused');
  assert.deepEqual(again, new Float32Array(5), 'and zeroed');
  assert.throws(() => arena.release(arena.mark() + 64), RangeError);
  arena.reset();
  assert.equal(arena.bytesInUse, 0);
});

test('a shared memory grows on demand and earlier arrays stay valid and in place', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: true, initialMemoryBytes: 1 << 20, maximumMemoryBytes: 32 << 20 });
  const { arena } = kernels;
  const rng = new TestRng(5);
  const [m, k, n] = [33, 40, 20];
  const a = rng.fill(arena.allocFloat32(m * k));
  const b = rng.fill(arena.allocFloat32(k * n));
  const c = arena.allocFloat32(m * n);
  const before = arena.memoryBytes;
  const big = arena.allocFloat32(2 << 20); // 8 MiB: forces a grow
  assert.ok(arena.memoryBytes > before);
  big.fill(1);
  assert.equal(a.length, m * k, 'views of a shared memory are not detached by a grow');
  assert.ok(arena.owns(a) && arena.owns(big));
  kernels.gemm({ m, n, k }, a, b, c);
  const expected = new Float32Array(m * n);
  jsKernels.gemm({ m, n, k }, a, b, expected);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(c[i]! - expected[i]!) < 1e-4);
  assert.throws(() => arena.allocFloat32(64 << 20), /out of memory/);
});

test('an unshared memory never grows: running out throws and earlier arrays stay valid', async () => {
  const kernels = await loadWasmKernels({ sharedMemory: false, maximumMemoryBytes: 2 << 20 });
  const x = kernels.arena.allocFloat32(1000);
  x.fill(-1);
  assert.throws(() => kernels.arena.allocFloat32(1 << 20), /out of memory.*maximumMemoryBytes/s);
  // Arguments outside the memory also need room for their copies.
  assert.throws(() => kernels.relu(new Float32Array(1 << 20), new Float32Array(1 << 20)), RangeError);
  assert.equal(kernels.arena.bytesInUse, 1000 * 4 + 32, 'a failed call releases its scratch');
  kernels.relu(x, x);
  assert.deepEqual(x, new Float32Array(1000));
});
