import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../../errors.js';
import { isGzip } from '../../data/parsers/gzip.js';
import { verifyChecksum } from './checksum.js';

/** Larger downloads are refused (Fashion-MNIST's largest file is about 26 MB). */
export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;
/** A download that receives nothing for this long is abandoned. */
export const IDLE_TIMEOUT_MS = 60_000;

export interface DownloadProgress {
  readonly file: string;
  readonly received: number;
  /** From Content-Length, when the server sends it. */
  readonly total?: number;
}

export interface DownloadOptions {
  url: string;
  /** The directory the file is saved in (created when missing). */
  dir: string;
  /** The final file name. */
  fileName: string;
  /** Accepted SHA-256 digests, of the file or of its decompressed content. */
  accepted: readonly string[];
  /** @default MAX_DOWNLOAD_BYTES */
  maxBytes?: number;
  /** @default globalThis.fetch */
  fetchImpl?: typeof fetch;
  onProgress?: (progress: DownloadProgress) => void;
  /** @default IDLE_TIMEOUT_MS */
  idleTimeoutMs?: number;
}

/**
 * Downloads `url` into `dir/fileName` safely: the bytes go to a temporary file in `dir`; the size
 * limit, the Content-Length and the checksum are checked; the file is fsynced and then renamed
 * into place, so the final name never holds a partial or unverified file. On any failure the
 * temporary file is removed and a DataError names the url. Returns the final path (without .gz
 * if the server sent uncompressed data).
 */
export async function downloadFile(options: DownloadOptions): Promise<string> {
  const { url, dir, fileName } = options;
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const idle = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data received for ${idle / 1000} s`)), idle);
  };
  arm();
  const tempPath = join(dir, `.${fileName}.${process.pid}.${randomBytes(6).toString('hex')}.part`);
  let received = 0;
  let total: number | undefined;
  try {
    await mkdir(dir, { recursive: true });
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      throw new DataError(`download failed: ${describe(e)}`, url);
    }
    if (!response.ok) throw new DataError(`download failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), url);
    const length = response.headers.get('content-length');
    total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
    if (total !== undefined && total > maxBytes) {
      throw new DataError(`download refused: ${total} bytes is more than the limit of ${maxBytes}`, url);
    }
    if (response.body === null) throw new DataError('download failed: the response has no body', url);

    const handle = await open(tempPath, 'wx');
    const chunks: Uint8Array[] = [];
    try {
      const reader = response.body.getReader();
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          const of = total !== undefined ? ` of ${total}` : '';
          throw new DataError(`download failed after ${received}${of} bytes: ${describe(e)}`, url);
        }
        if (chunk.done) break;
        received += chunk.value.length;
        if (received > maxBytes) {
          controller.abort();
          throw new DataError(`download refused: more than the limit of ${maxBytes} bytes`, url);
        }
        chunks.push(chunk.value);
        await handle.write(chunk.value);
        arm();
        options.onProgress?.({ file: fileName, received, ...(total !== undefined ? { total } : {}) });
      }
      if (total !== undefined && received !== total) {
        throw new DataError(`download truncated: received ${received} of ${total} bytes`, url);
      }
      const bytes = concat(chunks, received);
      const check = verifyChecksum(bytes, options.accepted, url);
      if (!check.ok) throw new DataError(`checksum mismatch, file not saved: ${check.reason}`, url);
      await handle.sync();
      await handle.close();
      const finalPath = join(dir, isGzip(bytes) ? fileName : fileName.replace(/\.gz$/, ''));
      await rename(tempPath, finalPath);
      await syncDirectory(dir);
      return finalPath;
    } finally {
      await handle.close().catch(() => undefined); // already closed on success
    }
  } catch (e) {
    await rm(tempPath, { force: true }).catch(() => undefined);
    // File-system failures (a read-only cache, a full disk) become one-line errors too.
    throw e instanceof DataError ? e : new DataError(`cannot save the download in ${dir}: ${describe(e)}`, url);
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Makes the rename durable; some file systems cannot fsync a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here
  }
}

/** An error's message with its cause (fetch puts the network error there). */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}
