/**
 * A small static file server for the playground's build (dist/web): GET and HEAD only, loopback by default,
 * cross-origin isolation headers (COOP/COEP) and a strict content security policy on every answer.
 * Paths are refused before the file system sees them when they hold '..' segments, backslashes, NUL or
 * encoded slashes; a file whose real path (after symlinks) leaves the root is refused too.
 */
import { realpathSync } from 'node:fs';
import { realpath, stat, readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface PlaygroundServerOptions {
  /** the directory to serve (the Vite build) */
  root: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** the address to listen on. @default '127.0.0.1' (this machine only) */
  host?: string;
}

export interface PlaygroundServer {
  server: Server;
  host: string;
  port: number;
  /** http://localhost:PORT/ */
  url: string;
  close(): Promise<void>;
}

/** The content security policy: only this origin's own files; no inline scripts or styles, no eval, no frames. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * The file path a request path names under `root`, or an HTTP status refusing it: 400 for a path that is
 * malformed or tries to climb out ('..', '%2e%2e', encoded '/' or '\', backslashes, NUL).
 */
export function resolveRequestPath(root: string, rawUrl: string): string | 400 {
  const path = rawUrl.split('?')[0]!.split('#')[0]!;
  if (!path.startsWith('/')) return 400;
  if (/%2f|%5c|%00/i.test(path) || path.includes('\\') || path.includes('\0')) return 400;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 400;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 400;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 400;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = resolve(join(root, relative));
  if (file !== root && !file.startsWith(root + sep)) return 400;
  return file;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', head = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** Answers one request from the files under `root` (a real path). */
async function answer(root: string, req: IncomingMessage, res: ServerResponse, loopbackOnly: boolean): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed\n');
    return;
  }
  if (loopbackOnly) {
    // A page on another site could reach a loopback server through DNS rebinding; its Host header gives it away.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (!LOOPBACK_HOSTS.has(host)) {
      send(res, 421, 'this server answers only to localhost\n');
      return;
    }
  }
  const file = resolveRequestPath(root, req.url ?? '/');
  if (file === 400) {
    send(res, 400, 'bad path\n');
    return;
  }
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    send(res, 404, 'not found\n');
    return;
  }
  if (!real.startsWith(root + sep)) {
    send(res, 403, 'forbidden\n');
    return;
  }
  const info = await stat(real);
  if (!info.isFile()) {
    send(res, 404, 'not found\n');
    return;
  }
  const body = await readFile(real);
  send(res, 200, body, CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', head);
}

/** Starts serving `root`; resolves once the server listens (port 0 → the port it got). */
export async function startPlaygroundServer(options: PlaygroundServerOptions): Promise<PlaygroundServer> {
  const root = realpathSync(options.root);
  const host = options.host ?? '127.0.0.1';
  const loopbackOnly = LOOPBACK_HOSTS.has(host);
  const server = createServer((req, res) => {
    answer(root, req, res, loopbackOnly).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    host,
    port,
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
