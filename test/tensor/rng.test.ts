import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/tensor/rng.js';

test('the same seed gives the same sequence; another seed another', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const sa = Array.from({ length: 10 }, () => a.uniform());
  const sb = Array.from({ length: 10 }, () => b.uniform());
  const sc = Array.from({ length: 10 }, () => c.uniform());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('uniform stays in [0, 1) and normal has mean 0 and std 1', () => {
  const rng = new Rng(7);
  let s = 0;
  let s2 = 0;
  const n = 200000;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    const z = rng.normal();
    s += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n) < 0.01, `mean ${s / n}`);
  assert.ok(Math.abs(Math.sqrt(s2 / n) - 1) < 0.01, `std ${Math.sqrt(s2 / n)}`);
});

test('int covers its range evenly', () => {
  const rng = new Rng(3);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 50000; i++) counts[rng.int(5)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 400, `counts ${counts}`);
  assert.throws(() => rng.int(0), /positive whole number/);
});

test('permutation is a permutation, and shuffling is seeded', () => {
  const p = new Rng(5).permutation(100);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(new Rng(5).permutation(100), p);
});

test('state can be saved and restored mid-stream', () => {
  const rng = new Rng(11);
  rng.normal();
  const state = rng.getState();
  const next = [rng.normal(), rng.uniform(), rng.normal()];
  const again = new Rng(0);
  again.setState(state);
  assert.deepEqual([again.normal(), again.uniform(), again.normal()], next);
});
