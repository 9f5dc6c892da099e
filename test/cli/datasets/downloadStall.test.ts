import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { downloadFile } from '../../../src/cli/datasets/download.js';
import { DataError } from '../../../src/errors.js';
import { tempDir } from './helpers.js';

/** A server that stalls: before its headers (/silent), after them (/headers), or after a few bytes (/bytes). */
let server: Server;
let baseUrl: string;
const tmp = tempDir();

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/silent') return; // never answers
    res.writeHead(200, { 'Content-Length': 100_000, 'Content-Type': 'application/octet-stream' });
    if (req.url === '/headers') res.flushHeaders();
    else res.write(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    // ...and then nothing more, with the connection left open.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  tmp.remove();
});

for (const [path, when] of [['/bytes', 'after a few bytes'], ['/headers', 'after the headers'], ['/silent', 'before the headers']] as const) {
  test(`a download that stalls ${when} fails with a DataError after idleTimeoutMs, leaving no file behind`, async () => {
    const dir = join(tmp.path, path.slice(1));
    const started = Date.now();
    await assert.rejects(
      downloadFile({ url: `${baseUrl}${path}`, dir, fileName: 'train-images-idx3-ubyte.gz', accepted: ['0'.repeat(64)], idleTimeoutMs: 300 }),
      (e) => e instanceof DataError && /no data received for 0\.3 s/.test(e.message) && e.source === `${baseUrl}${path}`,
    );
    const ms = Date.now() - started;
    assert.ok(ms >= 250 && ms < 2000, `failed after ${ms} ms`);
    // Neither the final name nor a temporary .part file is left.
    assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], []);
  });
}
