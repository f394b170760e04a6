/**
 * The offline steps of dataset resolution, in order: an explicit path, `$POISE_DATA`, the user cache.
 * A canonical location (env, cache) must hold the canonical bytes: a file there with another checksum
 * is an error rather than a reason to look further, because falling through would silently use some
 * other data than the file the user put in place. An explicit path may hold any file; it is checked
 * against the caller's `sha256` if given, and otherwise left to the dataset's structural validation.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { DatasetError, DatasetNotFoundError } from '../errors';
import { verifySha256 } from './checksum';
import type { DatasetFile, LocatedFile } from './dataset-file';
import { cacheDir, dataDir } from './locations';
import { readOptional } from './read-optional';
import { sha256Hex } from './sha256';
import { whereToPut } from './where-to-put';

export interface LocalOptions {
  /** A file to use instead of searching; it must exist. */
  path?: string;
  /** Expected SHA-256 of the file at `path` (hex). */
  sha256?: string;
}

/** Finds the dataset file offline; undefined when none of the local locations has it. */
export function resolveLocal(spec: DatasetFile, opts: LocalOptions): LocatedFile | undefined {
  if (opts.path !== undefined) return readExplicit(spec, resolve(opts.path), opts.sha256);
  const data = dataDir();
  if (data) {
    const file = join(data, spec.fileName);
    const bytes = readOptional(file, spec.dataset);
    if (bytes) {
      const asIs = spec.pathFolder ? `pass { path: '${dirname(file)}' } to use the files there as they are` : `pass { path: '${file}' } to use it as it is`;
      const advice = `Replace it with the canonical file, or ${asIs}. ${whereToPut(spec)}`;
      const sha256 = verifySha256(bytes, spec.sha256, spec, file, advice);
      return { bytes, source: 'env', location: file, sha256, verified: true };
    }
  }
  const file = join(cacheDir(), spec.fileName);
  const bytes = readOptional(file, spec.dataset);
  if (bytes) {
    const advice = `Delete it (it is downloaded again on the next call) or replace it. ${whereToPut(spec)}`;
    const sha256 = verifySha256(bytes, spec.sha256, spec, file, advice);
    return { bytes, source: 'cache', location: file, sha256, verified: true };
  }
  return undefined;
}

function readExplicit(spec: DatasetFile, file: string, expected: string | undefined): LocatedFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DatasetNotFoundError(`${spec.dataset}: no file at ${file} (the path option). ${whereToPut(spec)}`, spec.dataset, file);
    }
    if (code === 'EISDIR') {
      throw new DatasetNotFoundError(
        `${spec.dataset}: ${file} is a folder; the path option takes the file itself, e.g. ${join(file, spec.fileName)}. ${whereToPut(spec)}`,
        spec.dataset,
        file,
      );
    }
    throw new DatasetError(`${spec.dataset}: cannot read ${file}: ${(e as Error).message}`, spec.dataset);
  }
  if (expected !== undefined) {
    const sha256 = verifySha256(bytes, expected.toLowerCase(), { ...spec, size: undefined }, file, 'Check the file, or the sha256 option.');
    return { bytes, source: 'path', location: file, sha256, verified: true };
  }
  const sha256 = sha256Hex(bytes);
  return { bytes, source: 'path', location: file, sha256, verified: sha256 === spec.sha256 };
}
