import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseModelFile } from '../../src/index.js';
import type { PlaygroundServer } from '../../src/cli/playgroundServer.js';
import { type BrowserSession, browserSkipReason, openBrowserSession, outputDir } from './browser.js';

const skip = browserSkipReason();

/** Page-side scripts are strings: this file is Node code, compiled without the DOM's types. */
const NODE_PIXELS = `(() => [...document.querySelectorAll('#network .node canvas')].map((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return Array.from(d.filter((_, i) => i % 4 !== 3 && i % 16 < 4));
}))()`;
const DECISION_PIXELS = `(() => { const c = document.getElementById('decision'); return c.toDataURL(); })()`;
const START_GAP_MONITOR = `(() => {
  const m = { maxGap: 0, frames: 0, longTasks: [], stop: false };
  window.__monitor = m;
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) m.longTasks.push(e.duration); }).observe({ type: 'longtask' }); } catch {}
  let last = -1;
  const tick = (t) => {
    if (last >= 0) m.maxGap = Math.max(m.maxGap, t - last);
    last = t;
    m.frames++;
    if (!m.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const DRAW_TIMES = `performance.getEntriesByName('platypus:draw-frame').map((e) => e.duration)`;
const STOP_GAP_MONITOR = `(() => { window.__monitor.stop = true; return window.__monitor; })()`;

/**
 * Polls a page expression until it is truthy. (page.waitForFunction compiles its predicate with eval inside
 * the page, which the playground's content security policy forbids, and the tests keep that policy on.)
 */
async function waitFor(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(25);
  }
}

const number = async (page: Page, selector: string): Promise<number> => Number.parseFloat((await page.textContent(selector)) ?? '');

describe('playground 2-D lab in Chromium', { skip, timeout: 600_000 }, () => {
  let browser: Browser;
  let server: PlaygroundServer;
  const errors: string[] = [];

  let session: BrowserSession | undefined;
  before(async () => {
    session = await openBrowserSession();
    ({ browser, server } = session);
  });
  after(async () => {
    await session?.close();
  });

  /** A page on `query`, once its first frame is drawn. */
  const open = async (query = ''): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon|404/.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${server.url}${query}`);
    await waitFor(page, `document.getElementById('test-loss').textContent !== '–'`);
    return page;
  };

  test('circles: training lowers the test loss, changes every node picture, and frames stay under 100 ms apart', async (t) => {
    const page = await open('?dataset=circles&hidden=4,4&seed=1');
    const before = (await page.evaluate(NODE_PIXELS)) as number[][];
    assert.equal(before.length, 2 + 4 + 4 + 1);
    const lossBefore = await number(page, '#test-loss');
    type Monitor = { maxGap: number; frames: number; longTasks: number[] };
    /** Watches animation frames and long tasks for `ms` while the worker trains. */
    const watchWindow = async (ms: number): Promise<Monitor> => {
      await page.evaluate(START_GAP_MONITOR);
      await page.waitForTimeout(ms);
      return (await page.evaluate(STOP_GAP_MONITOR)) as Monitor;
    };
    const pause = async (): Promise<void> => {
      await page.click('#play');
      await waitFor(page, `document.getElementById('play').getAttribute('aria-pressed') === 'false'`);
    };
    // The default speed (5 epochs per frame), as a visitor sees it: asserted. The page's own work is judged by its
    // long tasks (none may reach 100 ms). Frame gaps also count time the OS gave to other processes, so on this
    // shared 2-core machine one clean window out of three must show every gap under 100 ms.
    await page.click('#play');
    const windows: Monitor[] = [];
    do windows.push(await watchWindow(2000));
    while (windows.at(-1)!.maxGap >= 100 && windows.length < 3);
    await pause();
    const monitor = windows.at(-1)!;
    await page.waitForTimeout(200);
    const lossAfter = await number(page, '#test-loss');
    const epochs = await number(page, '#epoch');
    const after = (await page.evaluate(NODE_PIXELS)) as number[][];
    const changed = after.map((pixels, i) => pixels.some((v, k) => Math.abs(v - before[i]![k]!) > 8));
    const longTasks = windows.flatMap((w) => w.longTasks);
    t.diagnostic(`default speed: test loss ${lossBefore} → ${lossAfter} after ${epochs} epochs; longest frame gap per 2 s window ${windows.map((w) => `${w.maxGap.toFixed(1)} ms (${w.frames} frames)`).join(', ')}; long tasks ${JSON.stringify(longTasks.map(Math.round))}`);
    const draws = (await page.evaluate(DRAW_TIMES)) as number[];
    const sorted = [...draws].sort((a, b) => a - b);
    t.diagnostic(`drawing a frame on the page: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, longest ${sorted.at(-1)!.toFixed(2)} ms over ${draws.length} frames`);
    assert.ok(lossAfter < lossBefore / 2, `test loss ${lossBefore} → ${lossAfter}`);
    assert.deepEqual(changed.slice(0, 2), [false, false], 'the input pictures do not change');
    assert.ok(changed.slice(2).every(Boolean), `every hidden and output picture changes: ${changed}`);
    assert.ok(monitor.frames > 40, `${monitor.frames} animation frames in 2 s`);
    assert.ok(monitor.maxGap < 100, `longest gap between animation frames ${windows.map((w) => w.maxGap)} ms`);
    assert.ok(longTasks.every((d) => d < 100), `long tasks ${longTasks}`);
    // As fast as the worker can go: reported, not asserted (the worker then takes a whole core of a shared machine).
    await page.selectOption('#speed', '0');
    await page.click('#play');
    const fast = await watchWindow(2000);
    await pause();
    t.diagnostic(`fastest speed: epoch ${await number(page, '#epoch')}; longest frame gap ${fast.maxGap.toFixed(1)} ms over ${fast.frames} frames; long tasks ${JSON.stringify(fast.longTasks.map(Math.round))}`);
    await page.hover('#network .node >> nth=3');
    await waitFor(page, `!document.getElementById('node-detail').classList.contains('empty')`);
    assert.match((await page.textContent('#node-formula')) ?? '', /z = .*Input_A.*Input_B[\s\S]*h1\.2 = tanh\(z\)/);
    await page.screenshot({ path: join(outputDir(), 'playground-2d-lab.png'), fullPage: true });
    await page.close();
  });

  test('circles with 2 hidden layers of 4 nodes reaches ≥ 95% test accuracy within 10 s (default speed)', async (t) => {
    const page = await open('?dataset=circles&hidden=4,4&activation=tanh&lr=0.03&batch=10&seed=1');
    const started = Date.now();
    await page.click('#play');
    let accuracy = 0;
    while (Date.now() - started < 10_000) {
      accuracy = await number(page, '#test-accuracy');
      if (accuracy >= 95) break;
      await page.waitForTimeout(50);
    }
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`${accuracy} % test accuracy after ${seconds.toFixed(2)} s, epoch ${await number(page, '#epoch')}`);
    assert.ok(accuracy >= 95, `test accuracy ${accuracy} % after 10 s`);
    await page.close();
  });

  test('a CSV picked with the file input or dropped on the page becomes the dataset (3 classes → 3 outputs)', async () => {
    const page = await open();
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 90; i++) {
      const k = i % 3;
      const angle = (2 * Math.PI * k) / 3;
      rows.push(`${(2 * Math.cos(angle) + 0.3 * Math.sin(7 * i)).toFixed(3)},${(2 * Math.sin(angle) + 0.3 * Math.cos(5 * i)).toFixed(3)},${k}`);
    }
    const csv = rows.join('\n');
    await page.setInputFiles('#csv-file', { name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await waitFor(page, `/three\\.csv.*3 classes/.test(document.getElementById('data-status').textContent)`);
    assert.equal(await page.inputValue('#dataset'), 'csv');
    assert.equal(await page.locator('#network .node').count(), 2 + 4 + 4 + 3);
    assert.match(page.url(), /dataset=csv/);
    await page.click('#step');
    await waitFor(page, `document.getElementById('epoch').textContent === '1'`);

    const page2 = await open('?dataset=xor');
    const twoClasses = 'a,b,c\n' + Array.from({ length: 40 }, (_, i) => `${i % 5},${Math.floor(i / 5)},${i % 2}`).join('\n');
    await page2.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(twoClasses)}], 'dropped.csv', { type: 'text/csv' }));
      document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    await waitFor(page2, `/dropped\\.csv.*2 classes/.test(document.getElementById('data-status').textContent)`);
    assert.equal(await page2.locator('#network .node').count(), 2 + 4 + 4 + 1);
    const bad = 'a,b,c,d\n1,2,3,0\n4,5,6,1\n';
    await page2.setInputFiles('#csv-file', { name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await waitFor(page2, `/2 input columns/.test(document.getElementById('run-status').textContent)`);
    await page.close();
    await page2.close();
  });

  test('a shared URL reproduces the setup: controls, network, and the same run step by step', async () => {
    const query = '?dataset=xor&noise=0.2&size=200&classes=3&test=0.25&hidden=3%2C2&activation=relu&lr=0.1&batch=20&optimizer=adam&l2=0.001&seed=7';
    const run = async (): Promise<{ values: string[]; nodes: number; url: string; loss: string; decision: string }> => {
      const page = await open(query);
      const values = await Promise.all(['#dataset', '#noise', '#size', '#layer-1', '#layer-2', '#activation', '#learning-rate', '#batch-size', '#optimizer', '#l2', '#seed'].map((s) => page.inputValue(s)));
      const nodes = await page.locator('#network .node').count();
      for (let i = 1; i <= 3; i++) {
        await page.click('#step');
        await waitFor(page, `document.getElementById('epoch').textContent === '${i}'`);
      }
      const result = { values, nodes, url: page.url(), loss: (await page.textContent('#test-loss')) ?? '', decision: (await page.evaluate(DECISION_PIXELS)) as string };
      await page.close();
      return result;
    };
    const first = await run();
    assert.deepEqual(first.values, ['xor', '0.2', '200', '3', '2', 'relu', '0.1', '20', 'adam', '0.001', '7']);
    assert.equal(first.nodes, 2 + 3 + 2 + 1);
    assert.equal(first.url, `${server.url}${query}`);
    const second = await run();
    assert.deepEqual(second, first);

    // Edits go into the URL, so the address bar is always the link to share.
    const page = await open(query);
    await page.click('#add-layer');
    await page.selectOption('#activation', 'sigmoid');
    await page.fill('#seed', '9');
    await page.press('#seed', 'Enter');
    await waitFor(page, `location.search.includes('seed=9')`);
    assert.match(page.url(), /hidden=3%2C2%2C2&activation=sigmoid.*seed=9$/);
    assert.equal(await page.locator('#network .node').count(), 2 + 3 + 2 + 2 + 1);
    await page.close();
  });

  test('download the trained model (a Platypus model file) and load it back', async () => {
    const page = await open('?dataset=circles&hidden=5&seed=3');
    for (let i = 1; i <= 5; i++) {
      await page.click('#step');
      await waitFor(page, `document.getElementById('epoch').textContent === '${i}'`);
    }
    const loss = await page.textContent('#test-loss');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const text = readFileSync((await download.path())!, 'utf8');
    const saved = parseModelFile(text, 'download.json');
    assert.equal(saved.model.kind, 'neural-network');
    await page.click('#reset');
    await waitFor(page, `document.getElementById('epoch').textContent === '0'`);
    await page.fill('#layer-1', '2');
    await page.press('#layer-1', 'Enter');
    await waitFor(page, `document.querySelectorAll('#network .node').length === 5`);
    await page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await waitFor(page, `document.querySelectorAll('#network .node').length === 8`);
    await waitFor(page, `document.getElementById('test-loss').textContent === ${JSON.stringify(loss)}`);
    assert.equal(await page.inputValue('#layer-1'), '5');
    assert.match(page.url(), /hidden=5&/);
    await page.close();
  });

  test('keyboard: controls have labels, Tab reaches the nodes, focus shows the formula', async () => {
    const page = await open();
    const unlabeled = await page.evaluate(`[...document.querySelectorAll('input, select')].filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.id)`);
    assert.deepEqual(unlabeled, []);
    await page.focus('#play');
    await page.keyboard.press('Enter');
    await waitFor(page, `document.getElementById('play').getAttribute('aria-pressed') === 'true'`);
    await page.keyboard.press('Enter');
    await waitFor(page, `document.getElementById('play').getAttribute('aria-pressed') === 'false'`);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(`document.activeElement.className`)) === 'node') break;
    }
    assert.equal(await page.evaluate(`document.activeElement.className`), 'node');
    await waitFor(page, `!document.getElementById('node-detail').classList.contains('empty')`);
    assert.match((await page.textContent('#node-formula')) ?? '', /input 1/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
