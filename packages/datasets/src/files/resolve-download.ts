/**
 * The online step of dataset resolution: download the canonical file, check its SHA-256 before anything
 * touches the disk, and save it into the cache atomically. A transport failure is reported back (the
 * caller falls back); wrong bytes are a ChecksumMismatchError, and nothing is written.
 */
import { join } from 'node:path';

import { verifySha256 } from './checksum';
import type { DatasetFile, LocatedFile } from './dataset-file';
import { writeFileAtomic } from './atomic-write';
import { fetchBytes, type FetchLike } from './fetch-bytes';
import { cacheDir } from './locations';
import { noticeOnce } from './notice';

export interface DownloadOptions {
  /** The HTTP client (default: `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Give up on the download after this many milliseconds (default 30 000). */
  timeoutMs?: number;
  /** No notice on stderr if the download cannot be saved to the cache. */
  quiet?: boolean;
}

export type DownloadResult = { ok: true; file: LocatedFile } | { ok: false; reason: string };

export async function resolveDownload(spec: DatasetFile, opts: DownloadOptions): Promise<DownloadResult> {
  const got = await fetchBytes(spec.url, opts.fetch, opts.timeoutMs ?? 30_000);
  if (!got.ok) return got;
  const sha256 = verifySha256(
    got.bytes,
    spec.sha256,
    spec,
    spec.url,
    'Nothing was saved. The server or a proxy sent other bytes than the canonical file; try again later, or download it yourself.',
  );
  const file = join(cacheDir(), spec.fileName);
  try {
    writeFileAtomic(file, got.bytes);
  } catch (e) {
    noticeOnce(
      `cache-write:${file}`,
      `poise: downloaded ${spec.fileName} but could not save it to ${file} (${(e as Error).message}); it will be downloaded again next time. Set POISE_CACHE to a writable folder.`,
      opts.quiet,
    );
    return { ok: true, file: { bytes: got.bytes, source: 'download', location: spec.url, sha256, verified: true } };
  }
  return { ok: true, file: { bytes: got.bytes, source: 'download', location: file, sha256, verified: true } };
}
