/**
 * Test isolation for dataset resolution: every test gets its own temporary folders for $POISE_DATA and
 * the cache, so no test reads or writes the real user cache, and the real data folder is reached only
 * on purpose, through `realDataDir()`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

import { resetNotices } from '../../src/files/notice';

const REPO = resolve(__dirname, '../../../..');
// Captured before any test stubs the environment. A relative POISE_DATA is taken from the repository
// root, where CI and the design document set it (`POISE_DATA=../shared/data`).
const REAL_DATA = resolve(REPO, process.env.POISE_DATA || '../shared/data');

/** The folder with the real names.txt; fails loudly if it is missing rather than skipping. */
export function realDataDir(): string {
  if (!existsSync(join(REAL_DATA, 'names.txt'))) {
    throw new Error(`names.txt not found in ${REAL_DATA}; set POISE_DATA to the folder that holds makemore's names.txt`);
  }
  return REAL_DATA;
}

/** The folder with MNIST's t10k files and train-labels (`$POISE_DATA/mnist`); fails loudly if they are missing. */
export function realMnistDir(): string {
  const dir = join(REAL_DATA, 'mnist');
  for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-labels-idx1-ubyte.gz']) {
    if (!existsSync(join(dir, f))) throw new Error(`${f} not found in ${dir}; set POISE_DATA to the folder whose mnist/ holds MNIST's idx files`);
  }
  return dir;
}

export interface Sandbox {
  /** A fresh empty folder to put files in. */
  root: string;
  /** What $POISE_CACHE points to (not created). */
  cache: string;
  /** Everything written to stderr during the test. */
  stderr(): string;
  stderrSpy: MockInstance;
}

/** Registers hooks that give each test a clean environment; read the sandbox inside tests only. */
export function useSandbox(): Sandbox {
  const box = { root: '', cache: '' } as Sandbox;
  beforeEach(() => {
    box.root = mkdtempSync(join(tmpdir(), 'poise-datasets-'));
    box.cache = join(box.root, 'cache');
    vi.stubEnv('POISE_DATA', undefined);
    vi.stubEnv('POISE_CACHE', box.cache);
    vi.stubEnv('XDG_CACHE_HOME', undefined);
    resetNotices();
    box.stderrSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    box.stderr = () => box.stderrSpy.mock.calls.map((c) => String(c[0])).join('');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(box.root, { recursive: true, force: true });
  });
  return box;
}
