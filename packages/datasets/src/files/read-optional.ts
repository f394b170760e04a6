import { readFileSync } from 'node:fs';

import { DatasetError } from '../errors';

/**
 * Reads a file that may legitimately be absent (a candidate location): undefined when there is nothing
 * at the path, the bytes when there is a file, and an error for anything else (a folder in its place,
 * no permission), because silently skipping a file that is there but unreadable would hide the problem.
 */
export function readOptional(file: string, dataset: string): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder on the path should be, so there is no dataset file either.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new DatasetError(`${dataset}: cannot read ${file}: ${(e as Error).message}`, dataset);
  }
}
