/**
 * Where datasets live on disk. `$POISE_DATA` is a folder the user (or CI) fills by hand; the cache is ours
 * to write downloads into. Both are read at call time, not import time, so tests and long-lived processes
 * see changes to the environment.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** `$POISE_DATA` as an absolute path (relative values resolve against the working directory), if set. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.POISE_DATA;
  return dir ? resolve(dir) : undefined;
}

/**
 * The user cache: `$POISE_CACHE`, else `$XDG_CACHE_HOME/poise`, else `~/.cache/poise`. A relative
 * `XDG_CACHE_HOME` is ignored, as the XDG base-directory spec says it must be.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POISE_CACHE) return resolve(env.POISE_CACHE);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'poise');
  return join(homedir(), '.cache', 'poise');
}
