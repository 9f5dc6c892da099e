import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type PlaygroundServer, startPlaygroundServer } from '../../src/cli/playgroundServer.js';
import { sharedData } from '../helpers/paths.js';
import { CHROMIUM, CHROMIUM_ARGS, WEB_ROOT, browserSkipReason, outputDir } from './browser.js';
import { barImages } from './idxFiles.js';

const skip = browserSkipReason();
const MNIST = sharedData('mnist');
const skipMnist = existsSync(join(MNIST, 't10k-images-idx3-ubyte.gz')) ? false : 'the MNIST test files are not in ../shared/data/mnist';

/** Polls a page expression until it is truthy (the page's CSP forbids waitForFunction's eval). */
async function waitFor(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(50);
  }
}

const PROBABILITIES = `[...document.querySelectorAll('#image-probabilities li')].map((li) => [li.firstChild.textContent, li.querySelector('meter').value])`;

/** Draws a stroke through `points` (fractions of the pad's size) with the mouse. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('#image-pad').boundingBox())!;
  const at = ([fx, fy]: [number, number]): [number, number] => [box.x + fx * box.width, box.y + fy * box.height];
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

describe('playground image lab in Chromium', { skip, timeout: 120_000 }, () => {
  let browser: Browser;
  let server: PlaygroundServer;
  before(async () => {
    const { chromium } = await import('playwright-core');
    server = await startPlaygroundServer({ root: WEB_ROOT, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
    await page.click('#image-lab summary');
    return page;
  };

  test('picked IDX files train in the worker: accuracy rises, weights are drawn, a drawing gets class probabilities', async (t) => {
    const page = await open();
    const train = barImages(1000, 10, 1);
    const testSet = barImages(300, 10, 2);
    const pick = (id: string, name: string, bytes: Uint8Array): Promise<void> => page.setInputFiles(id, { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await pick('#image-train-images', 'train-images-idx3-ubyte', train.images);
    await pick('#image-train-labels', 'train-labels-idx1-ubyte', train.labels);
    await pick('#image-test-images', 't10k-images-idx3-ubyte', testSet.images);
    await pick('#image-test-labels', 't10k-labels-idx1-ubyte', testSet.labels);
    await page.click('#image-load');
    await waitFor(page, `/1000 training and 300 test images of 28×28, 10 classes/.test(document.getElementById('image-status').textContent)`);
    await page.fill('#image-hidden', '30');
    await page.fill('#image-epochs', '3');
    await page.click('#image-train');
    await waitFor(page, `document.getElementById('image-status').textContent === 'training finished'`);
    const accuracy = Number.parseFloat((await page.textContent('#image-accuracy')) ?? '');
    t.diagnostic(`synthetic bars: test accuracy ${accuracy} %, ${await page.textContent('#image-epoch')}`);
    assert.ok(accuracy > 80, `accuracy ${accuracy} %`);
    const weights = (await page.evaluate(`(() => { const c = document.getElementById('image-weights'); return [c.width, c.height]; })()`)) as number[];
    assert.deepEqual(weights, [10 * 56 + 11 * 2, 3 * 56 + 4 * 2]);
    await stroke(page, [[0.5, 0.2], [0.5, 0.8]]);
    await waitFor(page, `document.querySelectorAll('#image-probabilities li').length === 10`);
    const p = (await page.evaluate(PROBABILITIES)) as [string, number][];
    assert.ok(Math.abs(p.reduce((s, [, v]) => s + v, 0) - 1) < 1e-3);
    await page.click('#image-clear');
    assert.equal(await page.locator('#image-probabilities li').count(), 0);
    await page.close();
  });

  test('MNIST test files: the book network passes 85% within seconds and reads a drawn 1', { skip: skipMnist }, async (t) => {
    const page = await open();
    await page.setInputFiles('#image-train-images', join(MNIST, 't10k-images-idx3-ubyte.gz'));
    await page.setInputFiles('#image-train-labels', join(MNIST, 't10k-labels-idx1-ubyte.gz'));
    await page.click('#image-load');
    await waitFor(page, `/8333 training and 1667 test images/.test(document.getElementById('image-status').textContent)`);
    // The worker trains on the WebAssembly SIMD kernels (Chromium has SIMD and, cross-origin isolated, shared memory).
    assert.match((await page.textContent('#image-status')) ?? '', /training on the wasm-(relaxed|simd) kernels/);
    await page.fill('#image-epochs', '1');
    const started = Date.now();
    await page.click('#image-train');
    await waitFor(page, `document.getElementById('image-status').textContent === 'training finished'`, 60_000);
    const accuracy = Number.parseFloat((await page.textContent('#image-accuracy')) ?? '');
    t.diagnostic(`MNIST (t10k, 8333 training images, 1 epoch): ${accuracy} % test accuracy, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(accuracy > 85, `accuracy ${accuracy} %`);
    await stroke(page, [[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]]);
    await waitFor(page, `document.querySelectorAll('#image-probabilities li').length === 10`);
    await page.waitForTimeout(300);
    const p = (await page.evaluate(PROBABILITIES)) as [string, number][];
    const best = p.reduce((a, b) => (b[1] > a[1] ? b : a));
    t.diagnostic(`drawn 1 → ${best[0]} at ${(100 * best[1]).toFixed(1)} %`);
    assert.equal(best[0], '1');
    await page.locator('#image-lab').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outputDir(), 'playground-image-lab.png'), fullPage: true });
    await page.close();
  });
});
