import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PlaygroundServer } from '../../src/cli/playgroundServer.js';
import { sharedData } from '../helpers/paths.js';
import { type BrowserSession, type UnisolatedProxy, browserSkipReason, openBrowserSession, outputDir, startUnisolatedProxy } from './browser.js';
import { barImages } from './idxFiles.js';

const skip = browserSkipReason();
const MNIST = sharedData('mnist');
const skipMnist = existsSync(join(MNIST, 't10k-images-idx3-ubyte.gz')) ? false : 'the MNIST test files are not in ../shared/data/mnist';

/** Polls a page expression until it is truthy (the page's CSP forbids waitForFunction's eval). */
async function waitFor(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(50);
  }
}

const PROBABILITIES = `[...document.querySelectorAll('#image-probabilities li')].map((li) => [li.firstChild.textContent, li.querySelector('meter').value])`;
const WEIGHTS = `document.getElementById('image-weights').toDataURL()`;
const STATUS = `document.getElementById('image-status').textContent`;
const KERNELS = `document.getElementById('image-kernels').textContent`;

/** Draws a stroke through `points` (fractions of the pad's size) with the mouse. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('#image-pad').boundingBox())!;
  const at = ([fx, fy]: [number, number]): [number, number] => [box.x + fx * box.width, box.y + fy * box.height];
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

/** Presses `key` `times` times. */
async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Moves the keyboard's focus with Tab (at most `limit` presses) until the element with `id` has it. */
async function tabTo(page: Page, id: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await page.evaluate(`document.activeElement && document.activeElement.id`)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Waits until the probabilities shown differ from `before` (a JSON string), and returns them. */
async function nextProbabilities(page: Page, before: string): Promise<[string, number][]> {
  await waitFor(page, `document.querySelectorAll('#image-probabilities li').length === 10 && JSON.stringify(${PROBABILITIES}) !== ${JSON.stringify(before)}`);
  return (await page.evaluate(PROBABILITIES)) as [string, number][];
}

/**
 * The probabilities once they stop changing (the same for `quietMs`): a drawing's last update answers its
 * whole picture, while earlier ones may answer a part of it.
 */
async function settledProbabilities(page: Page, quietMs = 2000): Promise<[string, number][]> {
  await waitFor(page, `document.querySelectorAll('#image-probabilities li').length === 10`);
  let last = JSON.stringify(await page.evaluate(PROBABILITIES));
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await page.waitForTimeout(100);
    const now = JSON.stringify(await page.evaluate(PROBABILITIES));
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return JSON.parse(last) as [string, number][];
}

describe('playground image lab in Chromium', { skip, timeout: 600_000 }, () => {
  let browser: Browser;
  let server: PlaygroundServer;
  let proxy: UnisolatedProxy;
  const errors: string[] = [];
  let session: BrowserSession | undefined;
  before(async () => {
    session = await openBrowserSession();
    ({ browser, server } = session);
    proxy = await startUnisolatedProxy(server.url);
  });
  after(async () => {
    await proxy?.close();
    await session?.close();
  });

  /** The playground at `base` + `query` with the image lab opened (by a click unless the link opens it). */
  const open = async (query = '', base = server.url): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${query}`);
    if (!(await page.evaluate(`document.getElementById('image-lab').open`))) await page.click('#image-lab summary');
    await waitFor(page, `${KERNELS} !== '–'`);
    return page;
  };

  /** Picks synthetic IDX files (1000 training, 300 test images of bars) and loads them. */
  const loadBars = async (page: Page): Promise<void> => {
    const train = barImages(1000, 10, 1);
    const testSet = barImages(300, 10, 2);
    const pick = (id: string, name: string, bytes: Uint8Array): Promise<void> => page.setInputFiles(id, { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await pick('#image-train-images', 'train-images-idx3-ubyte', train.images);
    await pick('#image-train-labels', 'train-labels-idx1-ubyte', train.labels);
    await pick('#image-test-images', 't10k-images-idx3-ubyte', testSet.images);
    await pick('#image-test-labels', 't10k-labels-idx1-ubyte', testSet.labels);
    await page.click('#image-load');
    await waitFor(page, `/1000 training and 300 test images of 28×28, 10 classes/.test(${STATUS})`);
  };

  /** MNIST's test files as the training set (a sixth held out), loaded. */
  const loadMnist = async (page: Page): Promise<void> => {
    await page.setInputFiles('#image-train-images', join(MNIST, 't10k-images-idx3-ubyte.gz'));
    await page.setInputFiles('#image-train-labels', join(MNIST, 't10k-labels-idx1-ubyte.gz'));
    await page.click('#image-load');
    await waitFor(page, `/8333 training and 1667 test images/.test(${STATUS})`);
  };

  /** Clicks Train and waits for the end; returns the accuracy (%) shown. */
  const train = async (page: Page): Promise<number> => {
    await page.click('#image-train');
    await waitFor(page, `${STATUS} === 'training finished'`, 120_000);
    return Number.parseFloat((await page.textContent('#image-accuracy')) ?? '');
  };

  test('picked IDX files train in the worker on 2 threads: accuracy rises, weights are drawn, a drawing gets class probabilities', async (t) => {
    const page = await open();
    // Served with COOP/COEP, the worker splits its matrix products with a helper thread.
    assert.match((await page.evaluate(KERNELS)) as string, /^wasm-(relaxed|simd) · 2 threads$/);
    await loadBars(page);
    assert.match((await page.evaluate(STATUS)) as string, /training on wasm-(relaxed|simd) · 2 threads$/);
    await page.fill('#image-hidden', '30');
    await page.fill('#image-epochs', '3');
    const accuracy = await train(page);
    t.diagnostic(`synthetic bars: test accuracy ${accuracy} %, ${await page.textContent('#image-epoch')}, ${await page.evaluate(KERNELS)}`);
    assert.ok(accuracy > 80, `accuracy ${accuracy} %`);
    const weights = (await page.evaluate(`(() => { const c = document.getElementById('image-weights'); return [c.width, c.height]; })()`)) as number[];
    assert.deepEqual(weights, [10 * 56 + 11 * 2, 3 * 56 + 4 * 2]);
    await stroke(page, [[0.5, 0.2], [0.5, 0.8]]);
    await waitFor(page, `document.querySelectorAll('#image-probabilities li').length === 10`);
    const p = (await page.evaluate(PROBABILITIES)) as [string, number][];
    assert.ok(Math.abs(p.reduce((s, [, v]) => s + v, 0) - 1) < 1e-3);
    await page.click('#image-clear');
    assert.equal(await page.locator('#image-probabilities li').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('keyboard only: Tab to the pad, arrows move the cursor, Space puts the pen down; probabilities appear and update', async () => {
    const page = await open();
    await loadBars(page);
    await page.fill('#image-hidden', '30');
    await page.fill('#image-epochs', '3');
    await train(page);
    await tabTo(page, 'image-pad');
    assert.equal(await page.evaluate(`getComputedStyle(document.getElementById('image-pad-cursor')).display`), 'block', 'the cursor shows once the pad has focus');
    // A vertical stroke, a "1": up 6, pen down, down 12, pen up.
    await press(page, 'ArrowUp', 6);
    await press(page, 'Space');
    assert.match((await page.textContent('#image-pad-state')) ?? '', /^Pen down · cursor 10 across, 4 down/);
    await press(page, 'ArrowDown', 12);
    await press(page, 'Enter');
    assert.match((await page.textContent('#image-pad-state')) ?? '', /^Pen up · cursor 10 across, 16 down/);
    const first = await settledProbabilities(page);
    assert.ok(Math.abs(first.reduce((s, [, v]) => s + v, 0) - 1) < 1e-3);
    // A second stroke beside it changes the picture, so the probabilities update.
    await press(page, 'ArrowRight', 5);
    await press(page, 'Space');
    await press(page, 'ArrowUp', 12);
    await press(page, 'Space');
    const second = await nextProbabilities(page, JSON.stringify(first));
    assert.notDeepEqual(second, first);
    assert.match((await page.textContent('#image-prediction')) ?? '', /^Most likely: \d \(\d+\.\d %\)$/);
    await page.locator('#image-lab .panel:nth-child(3)').screenshot({ path: join(outputDir(), 'playground-keyboard-drawing.png') });
    // Tab moves on to Clear; Enter clears the pad and its probabilities.
    await press(page, 'Tab');
    assert.equal(await page.evaluate(`document.activeElement.id`), 'image-clear');
    await press(page, 'Enter');
    assert.equal(await page.locator('#image-probabilities li').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('2 threads give the very same run as 1 thread (a page without COOP/COEP): accuracy, weights, probabilities', async (t) => {
    const query = '?image-hidden=40&image-lr=0.5&image-batch=16&image-epochs=2&image-seed=5';
    const run = async (base: string): Promise<{ kernels: string; accuracy: string; weights: string; probabilities: [string, number][] }> => {
      const page = await open(query, base);
      const kernels = (await page.evaluate(KERNELS)) as string;
      await loadBars(page);
      await train(page);
      await tabTo(page, 'image-pad');
      await press(page, 'ArrowUp', 5);
      await press(page, 'Space');
      await press(page, 'ArrowDown', 10);
      await press(page, 'ArrowRight', 3);
      await press(page, 'Space');
      const probabilities = await settledProbabilities(page);
      const result = { kernels, accuracy: (await page.textContent('#image-accuracy')) ?? '', weights: (await page.evaluate(WEIGHTS)) as string, probabilities };
      await page.close();
      return result;
    };
    const two = await run(server.url);
    const one = await run(proxy.url);
    t.diagnostic(`${two.kernels}: ${two.accuracy}; ${one.kernels}: ${one.accuracy}`);
    assert.match(two.kernels, / · 2 threads$/);
    assert.match(one.kernels, / · 1 thread$/);
    assert.equal(two.accuracy, one.accuracy);
    assert.equal(two.weights, one.weights, 'the first-layer weights are drawn identically');
    assert.deepEqual(two.probabilities, one.probabilities);
    assert.deepEqual(errors, []);
  });

  test('a shared URL restores the image lab: settings in the controls, edits written back, invalid values fall back to defaults', async () => {
    const query = '?image=fashion&image-hidden=30&image-activation=relu&image-lr=0.1&image-batch=20&image-epochs=2&image-seed=7';
    const ids = ['#image-classes', '#image-hidden', '#image-activation', '#image-lr', '#image-batch', '#image-epochs', '#image-seed'];
    const page = await open(query);
    assert.equal(await page.evaluate(`document.getElementById('image-lab').open`), true, 'a link with image-lab settings opens the image lab');
    const values = (): Promise<string[]> => Promise.all(ids.map((id) => page.inputValue(id)));
    assert.deepEqual(await values(), ['fashion', '30', 'relu', '0.1', '20', '2', '7']);
    // The 2-D lab's part comes first, then the image lab's, unchanged.
    assert.ok(page.url().endsWith(`&seed=1&${query.slice(1)}`), page.url());
    await page.fill('#image-hidden', '45');
    await page.selectOption('#image-activation', 'tanh');
    await waitFor(page, `location.search.includes('image-hidden=45&image-activation=tanh')`);
    await page.reload();
    await waitFor(page, `${KERNELS} !== '–'`);
    assert.deepEqual(await values(), ['fashion', '45', 'tanh', '0.1', '20', '2', '7']);
    // A typo in the form is marked and not written.
    await page.fill('#image-lr', '');
    assert.equal(await page.getAttribute('#image-lr', 'aria-invalid'), 'true');
    assert.match(page.url(), /image-lr=0\.1&/);
    await page.close();

    const bad = await open('?image=cifar&image-hidden=0&image-activation=softmax&image-lr=abc&image-batch=1.5&image-epochs=3&image-seed=-1');
    assert.deepEqual(await Promise.all(ids.map((id) => bad.inputValue(id))), ['mnist', '100', 'sigmoid', '0.5', '32', '3', '1']);
    assert.ok(bad.url().endsWith('&image=mnist&image-hidden=100&image-activation=sigmoid&image-lr=0.5&image-batch=32&image-epochs=3&image-seed=1'), bad.url());
    await bad.close();

    // Without image-lab settings the link stays the 2-D lab's until the image lab is opened.
    const plain = await browser.newPage();
    await plain.goto(`${server.url}?dataset=xor`);
    await waitFor(plain, `document.getElementById('test-loss').textContent !== '–'`);
    assert.doesNotMatch(plain.url(), /image/);
    assert.equal(await plain.evaluate(`document.getElementById('image-lab').open`), false);
    await plain.click('#image-lab summary');
    await waitFor(plain, `location.search.includes('&image=mnist&image-hidden=100')`);
    await plain.close();
    assert.deepEqual(errors, []);
  });

  test('MNIST test files on 2 threads: the book network passes 85% within seconds, as on 1 thread, and reads a drawn 1', { skip: skipMnist }, async (t) => {
    const timed = async (base: string): Promise<{ page: Page; accuracy: number; seconds: number; weights: string }> => {
      const page = await open('?image-epochs=1', base);
      await loadMnist(page);
      const started = Date.now();
      const accuracy = await train(page);
      return { page, accuracy, seconds: (Date.now() - started) / 1000, weights: (await page.evaluate(WEIGHTS)) as string };
    };
    const one = await timed(proxy.url);
    await one.page.close();
    const two = await timed(server.url);
    const page = two.page;
    t.diagnostic(`MNIST (t10k, 8333 training images, 1 epoch): ${two.accuracy} % test accuracy, ${two.seconds.toFixed(1)} s on ${await page.evaluate(KERNELS)}; ${one.accuracy} %, ${one.seconds.toFixed(1)} s on 1 thread`);
    assert.match((await page.evaluate(KERNELS)) as string, / · 2 threads$/);
    assert.ok(two.accuracy > 85, `accuracy ${two.accuracy} %`);
    assert.equal(two.accuracy, one.accuracy);
    assert.equal(two.weights, one.weights);
    await stroke(page, [[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]]);
    const p = await settledProbabilities(page);
    const best = p.reduce((a, b) => (b[1] > a[1] ? b : a));
    t.diagnostic(`drawn 1 → ${best[0]} at ${(100 * best[1]).toFixed(1)} %`);
    assert.equal(best[0], '1');
    // Drawn with the keyboard, too: a vertical stroke.
    await page.click('#image-clear');
    await tabTo(page, 'image-pad');
    await press(page, 'ArrowUp', 7);
    await press(page, 'Space');
    await press(page, 'ArrowDown', 14);
    await press(page, 'Space');
    // The first answers may be for part of the stroke: take the last.
    const keyed = await settledProbabilities(page);
    const keyedBest = keyed.reduce((a, b) => (b[1] > a[1] ? b : a));
    t.diagnostic(`a 1 drawn with the keyboard → ${keyedBest[0]} at ${(100 * keyedBest[1]).toFixed(1)} %`);
    assert.equal(keyedBest[0], '1');
    await page.locator('#image-lab').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outputDir(), 'playground-image-lab.png'), fullPage: true });
    await page.close();
    assert.deepEqual(errors, []);
  });
});
