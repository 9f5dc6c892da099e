/** Shared setup of the browser tests: Debian's Chromium through playwright-core (never a downloaded browser). */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type PlaygroundServer, startPlaygroundServer } from '../../src/cli/playgroundServer.js';
import { repoRoot } from '../helpers/paths.js';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export const WEB_ROOT = join(repoRoot, 'dist/web');

/** Why the browser tests cannot run here, or false when they can. */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: install Debian's chromium package to run the playground's browser tests`;
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return 'dist/web is not built: run npm run build';
  return false;
}

/** test-output/ at the repository root (gitignored), for screenshots. */
export function outputDir(): string {
  const dir = join(repoRoot, 'test-output');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A proxy in front of the playground's server that drops the cross-origin isolation headers (COOP/COEP). */
export interface UnisolatedProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves what `upstream` (http://localhost:PORT/) serves, minus Cross-Origin-Opener-Policy and
 * Cross-Origin-Embedder-Policy: a page loaded through it is not cross-origin isolated, as on a static host that
 * cannot set headers (no SharedArrayBuffer, so the image lab's worker computes on one thread).
 */
export async function startUnisolatedProxy(upstream: string): Promise<UnisolatedProxy> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const forward = request({ host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      const headers = { ...answer.headers };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Whether the process that took the turn held in `dir` is gone (a crashed run), so the turn is free. */
function turnAbandoned(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    // Taken a moment ago and its pid not written yet, or taken by a run that died right then.
    try {
      return Date.now() - statSync(dir).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Waits for this checkout's Chromium suites to take turns, and returns the function that ends this one's turn.
 * `npm test` runs two test files at once; two Chromium suites side by side starve each other on a 2-core machine,
 * and the 2-D lab's frame-gap measurement then sees the image lab's training instead of its own page. The turn is
 * a directory in the temporary folder (mkdir is atomic), named after the checkout, holding the owner's pid.
 */
export async function takeBrowserTurn(timeoutMs = 600_000): Promise<() => void> {
  const dir = join(tmpdir(), `platypus-chromium-turn-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 16)}`);
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (turnAbandoned(dir)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > end) throw new Error(`another Chromium suite of this checkout held its turn (${dir}) for ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What a Chromium suite works with: the playground served from dist/web and a headless Chromium. */
export interface BrowserSession {
  browser: Browser;
  server: PlaygroundServer;
  /** Closes the browser and the server and ends this suite's turn. */
  close(): Promise<void>;
}

/**
 * Takes this suite's turn (takeBrowserTurn), serves the built playground on a free port and launches Chromium.
 * If the server or the browser cannot start, what did start is closed and the turn ended before the error goes on.
 */
export async function openBrowserSession(): Promise<BrowserSession> {
  const endTurn = await takeBrowserTurn();
  let started: PlaygroundServer | undefined;
  try {
    const { chromium } = await import('playwright-core');
    const server = (started = await startPlaygroundServer({ root: WEB_ROOT, port: 0 }));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    return {
      browser,
      server,
      async close() {
        await browser.close();
        await server.close();
        endTurn();
      },
    };
  } catch (e) {
    await started?.close();
    endTurn();
    throw e;
  }
}
