import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `bytes` to `file` so that readers see either no file or the whole file, never a prefix: the
 * bytes go to a temporary file in the same folder (same file system, so the rename is atomic) and are
 * then renamed over `file`. A crash or a concurrent writer can therefore not leave a truncated cache
 * entry, which would otherwise fail its checksum on every later run.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
