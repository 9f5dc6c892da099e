/**
 * A quick accessibility audit of the playground in Chromium: every control has an accessible name (as the
 * browser computes it), Tab reaches the main controls of both labs in reading order, and each control shows a
 * visible focus ring when the keyboard focuses it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PlaygroundServer } from '../../src/cli/playgroundServer.js';
import { type BrowserSession, browserSkipReason, openBrowserSession, outputDir } from './browser.js';

const skip = browserSkipReason();

/** Roles a user operates: each needs a name. */
const CONTROL_ROLES = new Set([
  'button', 'checkbox', 'combobox', 'listbox', 'menuitem', 'radio', 'slider', 'spinbutton', 'switch', 'tab', 'textbox',
  'searchbox', 'link', 'application', 'DisclosureTriangle',
]);

/** The main controls, in the order Tab must reach them (others may come between). */
const TAB_ORDER = [
  'dataset', 'noise', 'size', 'test-fraction', 'csv-file', 'layer-1', 'add-layer', 'activation', 'learning-rate',
  'batch-size', 'optimizer', 'l2', 'seed', 'play', 'step', 'reset', 'speed', 'node', 'download', 'model-file',
  'image-lab-summary', 'image-train-images', 'image-train-labels', 'image-test-images', 'image-test-labels',
  'image-classes', 'image-load', 'image-hidden', 'image-activation', 'image-lr', 'image-batch', 'image-epochs',
  'image-seed', 'image-pad', 'image-clear',
];

/** What the focused element is (its id, 'node' for a network node, or its tag) and how its focus ring looks. */
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const id = e.id || (e.classList.contains('node') ? 'node' : e.tagName === 'SUMMARY' ? e.parentElement.id + '-summary' : e.tagName.toLowerCase());
  return { id, outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor, focusVisible: e.matches(':focus-visible') };
})()`;

async function waitFor(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(50);
  }
}

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  properties?: { name: string; value: { value?: unknown } }[];
  backendDOMNodeId?: number;
}

describe('playground accessibility in Chromium', { skip, timeout: 600_000 }, () => {
  let browser: Browser;
  let server: PlaygroundServer;
  let session: BrowserSession | undefined;
  before(async () => {
    session = await openBrowserSession();
    ({ browser, server } = session);
  });
  after(async () => {
    await session?.close();
  });

  test('every control has an accessible name; Tab reaches the main controls in order, each with a visible focus ring', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
    await waitFor(page, `document.getElementById('test-loss').textContent !== '–'`);

    // Tab from the top of the page; open the image lab with Enter when its summary has focus.
    const visited: { id: string; outline: string; outlineWidth: number; outlineColor: string; focusVisible: boolean }[] = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(FOCUSED)) as (typeof visited)[number] | null;
      if (!focused || (visited.length > 0 && focused.id === visited[0]!.id)) break;
      visited.push(focused);
      // What a keyboard user sees: the ring on Play, and on the first network node.
      if (focused.id === 'play') await page.locator('#network-panel').screenshot({ path: join(outputDir(), 'playground-focus-play.png') });
      if (focused.id === 'node' && visited.filter((v) => v.id === 'node').length === 1) await page.locator('#network-panel').screenshot({ path: join(outputDir(), 'playground-focus-node.png') });
      if (focused.id === 'image-lab-summary' && !(await page.evaluate(`document.getElementById('image-lab').open`))) {
        await page.keyboard.press('Enter');
        await waitFor(page, `document.getElementById('image-kernels').textContent !== '–'`);
      }
    }
    const ids = visited.map((v) => v.id);
    t.diagnostic(`Tab order: ${ids.join(' → ')}`);
    let at = 0;
    for (const id of ids) if (id === TAB_ORDER[at]) at++;
    assert.equal(at, TAB_ORDER.length, `Tab did not reach ${TAB_ORDER[at]} after ${TAB_ORDER.slice(0, at).join(', ')}`);
    const ringless = visited.filter((v) => !v.focusVisible || v.outline === 'none' || v.outlineWidth < 2).map((v) => `${v.id} (${v.outline} ${v.outlineWidth}px)`);
    assert.deepEqual(ringless, [], 'every element focused with Tab shows a focus ring of at least 2 px');
    assert.deepEqual(await page.evaluate(`[...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).map((e) => e.id)`), [], 'no positive tabindex');

    // Names as the browser computes them for assistive technology (the image lab is open now).
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const focusable = (n: AxNode): boolean => n.properties?.some((p) => p.name === 'focusable' && p.value.value === true) ?? false;
    const controls = nodes.filter((n) => !n.ignored && (CONTROL_ROLES.has(n.role?.value ?? '') || focusable(n)));
    const describe = async (n: AxNode): Promise<string> => {
      const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId! })) as { node: { localName: string; attributes?: string[] } };
      return `${n.role?.value} <${node.localName} ${(node.attributes ?? []).join(' ')}>`;
    };
    const unnamed = await Promise.all(controls.filter((n) => !(n.name?.value ?? '').trim()).map(describe));
    t.diagnostic(`${controls.length} controls in the accessibility tree`);
    assert.ok(controls.length > 40, `${controls.length} controls`);
    assert.deepEqual(unnamed, [], 'controls without an accessible name');
    // The DOM's side: every input, select and button has a label or an aria-label.
    const unlabeled = await page.evaluate(`[...document.querySelectorAll('input, select, button, canvas[tabindex]')].filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim())).map((e) => e.id || e.outerHTML.slice(0, 60))`);
    assert.deepEqual(unlabeled, []);
    await page.close();
  });
});
