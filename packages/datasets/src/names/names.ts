/**
 * Loading makemore's names: `names()` and `namesSync()`. Resolution order (the package-wide rule):
 * an explicit path, `$POISE_DATA/names.txt`, the user cache, a checksummed download (async only), and
 * finally the embedded stand-in list with a notice, so that examples and notebooks always run but never
 * pass off other data as makemore's without saying so.
 */
import { DatasetNotFoundError, DatasetOptionError } from '../errors';
import type { DataSource, LocatedFile } from '../files/dataset-file';
import type { FetchLike } from '../files/fetch-bytes';
import { noticeOnce } from '../files/notice';
import { resolveDownload } from '../files/resolve-download';
import { resolveLocal } from '../files/resolve-local';
import { isSha256Hex } from '../files/sha256';
import { whereToPut } from '../files/where-to-put';
import { EMBEDDED_NAMES_PACKAGES, embeddedNames } from './embedded-names';
import { NAMES_FILE } from './names-file';
import { parseNames } from './parse-names';

export interface NamesSyncOptions {
  /** Use this file instead of searching. It must exist; it is validated, and checked against `sha256` if given. */
  path?: string;
  /** Expected SHA-256 (hex) of the file at `path`: lets a file without a final newline through. */
  sha256?: string;
  /** Do not print the notice when falling back to the embedded names (or when a download cannot be cached). */
  quiet?: boolean;
  /** Fall back to the embedded names when the file is nowhere (default true); false throws DatasetNotFoundError. */
  fallback?: boolean;
}

export interface NamesOptions extends NamesSyncOptions {
  /** Try to download the canonical file when it is not local (default true). */
  download?: boolean;
  /** The HTTP client for the download (default `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Time limit of the download in milliseconds (default 30 000). */
  timeoutMs?: number;
}

export interface NamesResult {
  /** The names, in file order (a fresh array: yours to shuffle). */
  words: string[];
  /** Which step of the resolution found them. */
  source: DataSource;
  /** The file they were read from (for a download that could not be cached: the URL); absent for `embedded`. */
  location?: string;
  /** SHA-256 of the file; absent for `embedded`. */
  sha256?: string;
}

/** makemore's names, resolved offline: explicit path, `$POISE_DATA`, the cache, else the embedded names. */
export function namesSync(opts: NamesSyncOptions = {}): NamesResult {
  checkOptions('namesSync', opts, false);
  const local = resolveLocal(NAMES_FILE, opts);
  if (local) return fromFile(local);
  return fromEmbedded(opts, 'namesSync does not download; names() does');
}

/** makemore's names: explicit path, `$POISE_DATA`, the cache, a verified download, else the embedded names. */
export async function names(opts: NamesOptions = {}): Promise<NamesResult> {
  checkOptions('names', opts, true);
  const local = resolveLocal(NAMES_FILE, opts);
  if (local) return fromFile(local);
  if (opts.download === false) return fromEmbedded(opts, 'the download option is false');
  const got = await resolveDownload(NAMES_FILE, opts);
  if (got.ok) return fromFile(got.file);
  return fromEmbedded(opts, `the download from ${NAMES_FILE.url} failed: ${got.reason}`);
}

function fromFile(f: LocatedFile): NamesResult {
  const words = parseNames(f.bytes, { file: f.location, verified: f.verified, sha256: f.sha256, where: whereToPut(NAMES_FILE) });
  return { words, source: f.source, location: f.location, sha256: f.sha256 };
}

function fromEmbedded(opts: NamesSyncOptions, why: string): NamesResult {
  const missing = `makemore's names.txt is not in $POISE_DATA or the cache, and ${why}`;
  if (opts.fallback === false) {
    throw new DatasetNotFoundError(`names: ${missing}. ${whereToPut(NAMES_FILE)}`, 'names');
  }
  const words = embeddedNames();
  noticeOnce(
    'names:embedded',
    `poise: ${missing}. Using the embedded fallback instead: ${words.length} English first names from ` +
      `${EMBEDDED_NAMES_PACKAGES.join(' and ')}; results will differ from makemore's. ` +
      `${whereToPut(NAMES_FILE)} (Pass quiet: true to hide this notice.)`,
    opts.quiet,
  );
  return { words, source: 'embedded' };
}

function checkOptions(fn: string, opts: NamesOptions, async: boolean): void {
  const bad = (what: string): never => {
    throw new DatasetOptionError(`${fn}: ${what}`, 'names');
  };
  if (opts === null || typeof opts !== 'object') bad(`options must be an object, got ${String(opts)}`);
  const allowed = async
    ? ['path', 'sha256', 'quiet', 'fallback', 'download', 'fetch', 'timeoutMs']
    : ['path', 'sha256', 'quiet', 'fallback'];
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      bad(`unknown option '${key}'${!async && ['download', 'fetch', 'timeoutMs'].includes(key) ? ' (namesSync never downloads; use names())' : ''}`);
    }
  }
  if (opts.path !== undefined && (typeof opts.path !== 'string' || opts.path === '')) bad(`path must be a non-empty string, got ${JSON.stringify(opts.path)}`);
  if (opts.sha256 !== undefined) {
    if (!isSha256Hex(opts.sha256)) bad(`sha256 must be 64 hex digits, got ${JSON.stringify(opts.sha256)}`);
    if (opts.path === undefined) bad('sha256 checks the file at path; give path too');
  }
  for (const key of ['quiet', 'fallback', 'download'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'boolean') bad(`${key} must be a boolean, got ${JSON.stringify(opts[key])}`);
  }
  if (opts.fetch !== undefined && typeof opts.fetch !== 'function') bad('fetch must be a function like globalThis.fetch');
  if (opts.timeoutMs !== undefined && !(typeof opts.timeoutMs === 'number' && opts.timeoutMs > 0 && Number.isFinite(opts.timeoutMs))) {
    bad(`timeoutMs must be a positive number, got ${String(opts.timeoutMs)}`);
  }
}
