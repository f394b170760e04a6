import { ChecksumMismatchError } from '../errors';
import type { DatasetFile } from './dataset-file';
import { sha256Hex } from './sha256';

/**
 * Throws a ChecksumMismatchError unless `bytes` hash to `expected`; returns the actual hash. The message
 * names the file, both hashes and both sizes (a short file is almost always a truncated copy), then
 * `advice` on what to do about it.
 */
export function verifySha256(
  bytes: Uint8Array,
  expected: string,
  spec: Pick<DatasetFile, 'dataset' | 'fileName' | 'url'> & { size?: number },
  file: string,
  advice: string,
): string {
  const actual = sha256Hex(bytes);
  if (actual === expected) return actual;
  const sizes = spec.size === undefined ? `${bytes.length} bytes` : `${bytes.length} bytes; the canonical file has ${spec.size}`;
  throw new ChecksumMismatchError(
    `${spec.dataset}: ${file} has SHA-256 ${actual} (${sizes}), expected ${expected}. ` +
      `It is corrupt, truncated or a different file. ${advice}`,
    spec.dataset,
    file,
    expected,
    actual,
  );
}
