/** Shared setup of the browser tests: Debian's Chromium through playwright-core (never a downloaded browser). */
import { existsSync, mkdirSync } from 'node:fs';
import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
