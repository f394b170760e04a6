/**
 * One-time notices on stderr. A fallback that changes results (an embedded stand-in dataset) must not be
 * silent, but a notebook that loads data in every cell should not repeat it: each notice prints once
 * per process, and `quiet: true` at the call site suppresses it.
 */
const printed = new Set<string>();

/** Prints `message` to stderr unless `quiet` or already printed under `key`; returns whether it printed. */
export function noticeOnce(key: string, message: string, quiet = false): boolean {
  if (quiet || printed.has(key)) return false;
  printed.add(key);
  process.stderr.write(`${message}\n`);
  return true;
}

/** Forgets which notices were printed (for tests). Not exported from the package. */
export function resetNotices(): void {
  printed.clear();
}
