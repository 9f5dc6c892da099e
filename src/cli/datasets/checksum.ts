import { createHash } from 'node:crypto';
import { DataError } from '../../errors.js';
import { gunzip, isGzip } from '../../data/parsers/gzip.js';

/** Lowercase hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** How a file matched its checksum table, or why it did not. */
export type ChecksumResult =
  | { readonly ok: true; readonly matched: 'file' | 'content'; readonly sha256: string }
  | { readonly ok: false; readonly sha256: string; readonly contentSha256?: string; readonly reason: string };

/**
 * Checks `bytes` against the accepted digests: the digest of the bytes themselves, or — for gzip
 * data — of the decompressed content (so a recompressed copy of the same data is accepted).
 */
export function verifyChecksum(bytes: Uint8Array, accepted: readonly string[], source: string): ChecksumResult {
  const wanted = new Set(accepted.map((h) => h.toLowerCase()));
  const sha256 = sha256Hex(bytes);
  if (wanted.has(sha256)) return { ok: true, matched: 'file', sha256 };
  if (!isGzip(bytes)) return { ok: false, sha256, reason: `sha256 ${sha256} matches none of the published digests` };
  let content: Uint8Array;
  try {
    content = gunzip(bytes, { source });
  } catch (e) {
    const reason = e instanceof DataError ? e.message : String(e);
    return { ok: false, sha256, reason: `sha256 ${sha256} matches none of the published digests, and ${reason}` };
  }
  const contentSha256 = sha256Hex(content);
  if (wanted.has(contentSha256)) return { ok: true, matched: 'content', sha256 };
  return { ok: false, sha256, contentSha256, reason: `sha256 ${sha256} (content ${contentSha256}) matches none of the published digests` };
}
