import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'fflate';
import { downloadNamedDataset } from '../../../src/cli/datasets/list.js';
import { resolveNamedDataset } from '../../../src/cli/datasets/resolve.js';
import { META, TEST_BATCH, TRAIN_BATCHES, cifarFiles, makeTar, writeCifarFiles } from '../../data/cifarFixtures.js';
import { tempDir } from './helpers.js';

const ARCHIVE = 'cifar-10-binary.tar.gz';
const files = cifarFiles(3, 2);
const FOLDER = 'cifar-10-batches-bin';
const META_TEXT = 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n';

/** A small stand-in for the published archive: the folder, its six batches, the class names and a readme. */
function archive(leave: string[] = []): Uint8Array {
  const members = [
    { name: `${FOLDER}/`, type: '5' },
    ...Object.entries(files).filter(([name]) => !leave.includes(name)).map(([name, data]) => ({ name: `${FOLDER}/${name}`, data })),
    { name: `${FOLDER}/${META}`, data: new TextEncoder().encode(META_TEXT) },
    { name: `${FOLDER}/readme.html`, data: new TextEncoder().encode('<p>not needed</p>') },
  ];
  return gzipSync(makeTar(members));
}

const good = archive();
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const checksums = { [ARCHIVE]: [sha256(good)] };

const routes = new Map<string, Uint8Array>();
let requests = 0;
let server: Server;
let baseUrl: string;
const tmp = tempDir();

before(async () => {
  server = createServer((req, res) => {
    requests++;
    const body = routes.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length, 'Content-Type': 'application/gzip' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kriz`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  tmp.remove();
});

function serve(body: Uint8Array): void {
  routes.clear();
  routes.set(`/kriz/${ARCHIVE}`, body);
}

/** Files left in a folder, temporary ones included. */
function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

const failFetch = (() => {
  throw new Error('network used');
}) as unknown as typeof fetch;

describe('cifar-10 is downloaded as one archive and unpacked into the cache', () => {
  test('a good archive is checked, unpacked (batches and class names only) and removed; the next run uses the cache', async () => {
    serve(good);
    const cacheDir = join(tmp.path, 'c1');
    const progress: number[] = [];
    const r = await resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums, systemDirs: [], onProgress: (p) => progress.push(p.received) });
    assert.equal(r.train!.features.rows, 15);
    assert.equal(r.test.features.rows, 2);
    assert.deepEqual(r.test.imageShape, [32, 32, 3]);
    assert.equal(r.foundIn, join(cacheDir, 'cifar-10'));
    assert.deepEqual(listing(join(cacheDir, 'cifar-10')), [META, ...TRAIN_BATCHES, TEST_BATCH].sort());
    assert.equal(r.downloaded.length, 7);
    assert.ok(progress.length >= 1);

    const before = requests;
    const again = await resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums, systemDirs: [], fetchImpl: failFetch });
    assert.equal(requests, before);
    assert.deepEqual(again.downloaded, []);
    assert.equal(again.train!.features.rows, 15);
  });

  test('an archive that fails its checksum is refused and nothing is left in the cache', async () => {
    serve(archive());
    const cacheDir = join(tmp.path, 'c2');
    const wrong = { [ARCHIVE]: ['0'.repeat(64)] };
    await assert.rejects(resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums: wrong, systemDirs: [] }), {
      name: 'DataError',
      message: /^cifar-10 not found \(looked in .*\); http:\/\/127\.0\.0\.1:\d+\/kriz\/cifar-10-binary\.tar\.gz: checksum mismatch, file not saved: sha256 [0-9a-f]{64} \(content [0-9a-f]{64}\) matches none of the published digests\. Pass --data-dir/,
    });
    assert.deepEqual(listing(join(cacheDir, 'cifar-10')), []);
  });

  test('an archive without a batch is refused, and neither it nor any batch stays in the cache', async () => {
    const short = archive(['data_batch_4.bin']);
    serve(short);
    const cacheDir = join(tmp.path, 'c3');
    await assert.rejects(resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums: { [ARCHIVE]: [sha256(short)] }, systemDirs: [] }), {
      message: /cifar-10-binary\.tar\.gz: the archive has no cifar-10-batches-bin\/data_batch_4\.bin/,
    });
    assert.deepEqual(listing(join(cacheDir, 'cifar-10')), []);
  });

  test('an archive over the size limit is refused', async () => {
    serve(good);
    const cacheDir = join(tmp.path, 'c4');
    await assert.rejects(resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums, systemDirs: [], maxDownloadBytes: 1000 }), {
      message: /download refused: \d+ bytes is more than the limit of 1000/,
    });
    assert.deepEqual(listing(join(cacheDir, 'cifar-10')), []);
  });

  test('an archive left in the cache by an interrupted run is checked and unpacked without the network', async () => {
    const cacheDir = join(tmp.path, 'c5');
    const folder = join(cacheDir, 'cifar-10');
    writeCifarFiles(folder, { [ARCHIVE]: good });
    const r = await resolveNamedDataset('cifar-10', { cacheDir, checksums, systemDirs: [], need: 'test', fetchImpl: failFetch });
    assert.equal(r.test.features.rows, 2);
    assert.deepEqual(listing(folder), [META, ...TRAIN_BATCHES, TEST_BATCH].sort());
  });

  test('a cache with the test batch alone is completed by a download', async () => {
    serve(good);
    const cacheDir = join(tmp.path, 'c6');
    writeCifarFiles(join(cacheDir, 'cifar-10'), { [TEST_BATCH]: files[TEST_BATCH]! });
    const r = await resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums, systemDirs: [] });
    assert.equal(r.train!.features.rows, 15);
    assert.equal(r.downloaded.length, 7);
  });

  test('no checksum known means no download; data get fills the cache, then has nothing to do', async () => {
    serve(good);
    const cacheDir = join(tmp.path, 'c7');
    await assert.rejects(resolveNamedDataset('cifar-10', { cacheDir, baseUrl, checksums: {}, systemDirs: [] }), { message: /no checksum known for cifar-10-binary\.tar\.gz; refusing to download it/ });
    const report = await downloadNamedDataset('cifar-10', { cacheDir, baseUrl, checksums, systemDirs: [] });
    assert.equal(report.dir, join(cacheDir, 'cifar-10'));
    assert.equal(report.downloaded.length, 7);
    const again = await downloadNamedDataset('cifar-10', { cacheDir, baseUrl, checksums, systemDirs: [], fetchImpl: failFetch });
    assert.deepEqual(again.downloaded, []);
  });
});
