/**
 * Crash-safe file replacement: the bytes go to a temporary file in the destination's directory (same file
 * system, so the rename is atomic), which is fsynced before it is renamed over the destination, and the
 * directory is fsynced after. A crash at any point leaves either the old file or the complete new one,
 * never a half-written checkpoint; a failure while writing removes the temporary file.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `chunks` (produced lazily, so a large state dict is never held twice) atomically to `path`. */
export function writeFileAtomic(path: string, chunks: Iterable<Uint8Array>): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  let renamed = false;
  try {
    try {
      for (const chunk of chunks) {
        let done = 0;
        while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    renamed = true;
    syncDirectory(dir);
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone: nothing to clean up
      }
    }
  }
}

/** Persists the rename itself. Some platforms (Windows) cannot open a directory; the rename is still atomic there. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // fsync on a directory is unsupported on some file systems; the data itself was synced
  } finally {
    closeSync(fd);
  }
}
