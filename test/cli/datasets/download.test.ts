import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'fflate';
import { downloadFile } from '../../../src/cli/datasets/download.js';
import { downloadNamedDataset } from '../../../src/cli/datasets/list.js';
import { requireTrain, resolveNamedDataset } from '../../../src/cli/datasets/resolve.js';
import { TEST_NAMES, TRAIN_NAMES, pick, tempDir, tinyDatasetFiles, writeFiles } from './helpers.js';

/** What the local server answers for a path. */
type Route = { body: Uint8Array; truncate?: boolean } | { status: number };

const files = tinyDatasetFiles();
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** The checksum table the tests inject: the gz digest of each tiny file. */
const checksums = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [sha256(bytes)]]));

const routes = new Map<string, Route>();
const requests: string[] = [];
let server: Server;
let baseUrl: string;
const tmp = tempDir();

before(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes.get(req.url ?? '');
    if (route === undefined || 'status' in route) {
      res.writeHead(route?.status ?? 404).end();
      return;
    }
    res.writeHead(200, { 'Content-Length': route.body.length, 'Content-Type': 'application/octet-stream' });
    if (route.truncate) res.write(route.body.subarray(0, route.body.length >> 1), () => res.destroy());
    else res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  tmp.remove();
});

function serveAll(): void {
  routes.clear();
  for (const [name, body] of Object.entries(files)) routes.set(`/data/${name}`, { body });
}

/** Files left in a folder, temporary ones included. */
function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

const failFetch = (() => {
  throw new Error('network used');
}) as unknown as typeof fetch;

describe('resolveNamedDataset downloads from a local server', () => {
  test('good files are downloaded, cached and parsed; a second resolve uses the cache', async () => {
    serveAll();
    const cacheDir = join(tmp.path, 'c1');
    const progress: number[] = [];
    const r = await resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [], onProgress: (p) => progress.push(p.received) });
    assert.equal(r.train!.features.rows, 6);
    assert.equal(r.test.features.rows, 4);
    assert.equal(r.foundIn, join(cacheDir, 'mnist'));
    assert.equal(r.downloaded.length, 4);
    assert.deepEqual(listing(join(cacheDir, 'mnist')), Object.keys(files).sort());
    assert.ok(progress.length >= 4);

    const before = requests.length;
    const again = await resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [], fetchImpl: failFetch });
    assert.equal(requests.length, before);
    assert.deepEqual(again.downloaded, []);
    assert.equal(again.train!.features.rows, 6);
  });

  test('wrong bytes are refused and nothing is cached', async () => {
    serveAll();
    routes.set('/data/t10k-labels-idx1-ubyte.gz', { body: gzipSync(new Uint8Array([1, 2, 3])) });
    const cacheDir = join(tmp.path, 'c2');
    await assert.rejects(resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [], need: 'test' }), {
      name: 'DataError',
      message: /t10k-labels-idx1-ubyte\.gz: checksum mismatch, file not saved: sha256 [0-9a-f]{64} \(content [0-9a-f]{64}\) matches none/,
    });
    assert.deepEqual(listing(join(cacheDir, 'mnist')), ['t10k-images-idx3-ubyte.gz']);
  });

  test('a truncated response is refused and nothing is cached', async () => {
    serveAll();
    routes.set('/data/t10k-images-idx3-ubyte.gz', { body: files['t10k-images-idx3-ubyte.gz']!, truncate: true });
    const cacheDir = join(tmp.path, 'c3');
    await assert.rejects(resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [], need: 'test' }), {
      name: 'DataError',
      message: /t10k-images-idx3-ubyte\.gz: (download failed after \d+ of \d+ bytes|download truncated)/,
    });
    assert.deepEqual(listing(join(cacheDir, 'mnist')), []);
  });

  test('a recompressed file is accepted by its content checksum', async () => {
    routes.clear();
    const contentSums: Record<string, string[]> = {};
    for (const [name, bytes] of Object.entries(files)) {
      const content = gunzipSync(bytes);
      routes.set(`/data/${name}`, { body: gzipSync(content, { level: 1, mtime: 0 }) });
      contentSums[name] = ['0'.repeat(64), sha256(content)];
    }
    const r = await resolveNamedDataset('mnist', { cacheDir: join(tmp.path, 'c4'), baseUrl, checksums: contentSums, systemDirs: [] });
    assert.equal(r.train!.features.rows, 6);
  });

  test("need 'test' downloads only the test files", async () => {
    serveAll();
    const cacheDir = join(tmp.path, 'c5');
    const r = await resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [], need: 'test' });
    assert.equal(r.train, undefined);
    assert.deepEqual(listing(join(cacheDir, 'mnist')), TEST_NAMES);
  });

  test('a partial cache is completed; a failed download falls back to the test split', async () => {
    serveAll();
    const cacheDir = join(tmp.path, 'c6');
    writeFiles(join(cacheDir, 'mnist'), pick(files, TEST_NAMES));
    routes.set('/data/train-images-idx3-ubyte.gz', { status: 404 });
    const r = await resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [] });
    assert.equal(r.train, undefined);
    assert.match(r.downloadError!, /train-images-idx3-ubyte\.gz: download failed: HTTP 404/);
    assert.throws(() => requireTrain(r), { message: /download: .*HTTP 404/ });

    serveAll();
    const done = await resolveNamedDataset('mnist', { cacheDir, baseUrl, checksums, systemDirs: [] });
    assert.equal(done.train!.features.rows, 6);
    assert.deepEqual(done.downloaded.map((p) => p.split('/').pop()).sort(), TRAIN_NAMES.slice().sort());
  });

  test('no checksum known means no download', async () => {
    serveAll();
    await assert.rejects(resolveNamedDataset('mnist', { cacheDir: join(tmp.path, 'c7'), baseUrl, checksums: {}, systemDirs: [] }), {
      message: /no checksum known for train-images-idx3-ubyte\.gz/,
    });
  });

  test('downloadNamedDataset fills the cache and then has nothing to do', async () => {
    serveAll();
    const cacheDir = join(tmp.path, 'c8');
    const first = await downloadNamedDataset('fashion-mnist', { cacheDir, baseUrl, checksums, systemDirs: [] });
    assert.equal(first.dir, join(cacheDir, 'fashion-mnist'));
    assert.equal(first.downloaded.length, 4);
    const second = await downloadNamedDataset('fashion-mnist', { cacheDir, baseUrl, checksums, systemDirs: [], fetchImpl: failFetch });
    assert.deepEqual(second.downloaded, []);
  });
});

describe('downloadFile', () => {
  const body = files['t10k-labels-idx1-ubyte.gz']!;
  const accepted = [sha256(body)];

  test('refuses a file over the size limit, by Content-Length', async () => {
    routes.set('/big', { body });
    const dir = join(tmp.path, 'd1');
    await assert.rejects(downloadFile({ url: `${baseUrl.replace('/data', '')}/big`, dir, fileName: 'f.gz', accepted, maxBytes: 10 }), {
      message: /download refused: \d+ bytes is more than the limit of 10/,
    });
    assert.deepEqual(listing(dir), []);
  });

  test('refuses a body over the size limit without Content-Length', async () => {
    const dir = join(tmp.path, 'd2');
    const chunked = (async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new Uint8Array(8));
            controller.enqueue(new Uint8Array(8));
            controller.close();
          },
        }),
      )) as unknown as typeof fetch;
    await assert.rejects(downloadFile({ url: 'http://127.0.0.1/x', dir, fileName: 'f.gz', accepted, maxBytes: 12, fetchImpl: chunked }), {
      message: /more than the limit of 12 bytes/,
    });
    assert.deepEqual(listing(dir), []);
  });

  test('a network error names the url', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    }) as unknown as typeof fetch;
    await assert.rejects(downloadFile({ url: 'http://127.0.0.1:9/x.gz', dir: join(tmp.path, 'd3'), fileName: 'x.gz', accepted, fetchImpl: refused }), {
      name: 'DataError',
      message: 'http://127.0.0.1:9/x.gz: download failed: fetch failed: connect ECONNREFUSED',
    });
  });

  test('an uncompressed body is saved without .gz', async () => {
    const raw = gunzipSync(body);
    routes.set('/raw', { body: raw });
    const dir = join(tmp.path, 'd4');
    const path = await downloadFile({ url: `${baseUrl.replace('/data', '')}/raw`, dir, fileName: 'l-idx1-ubyte.gz', accepted: [sha256(raw)] });
    assert.equal(path, join(dir, 'l-idx1-ubyte'));
    assert.deepEqual(listing(dir), ['l-idx1-ubyte']);
  });
});

describe('downloadFile: file-system failures', () => {
  test('a cache folder that cannot be created is a DataError', async () => {
    const blocker = join(tmp.path, 'blocker');
    writeFiles(tmp.path, { blocker: new Uint8Array(1) });
    await assert.rejects(downloadFile({ url: 'http://127.0.0.1/x', dir: join(blocker, 'sub'), fileName: 'x.gz', accepted: ['0'], fetchImpl: failFetch }), {
      name: 'DataError',
      message: /^http:\/\/127\.0\.0\.1\/x: cannot save the download in .*blocker\/sub: /,
    });
  });
});
