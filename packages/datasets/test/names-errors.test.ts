import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  ChecksumMismatchError, DatasetError, DatasetFormatError, DatasetNotFoundError, DatasetOptionError, NAMES_FILE, names, namesSync,
} from '../src';
import { realDataDir, useSandbox } from './helpers/env';
import { fetchFailing } from './helpers/fetch';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** What `fn` throws; fails the test if it returns. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but the call returned');
}

describe('names: bad files are named errors, never a partial dataset', () => {
  const box = useSandbox();
  const write = (name: string, content: string | Uint8Array): string => {
    const file = join(box.root, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  /** Runs namesSync on a file at an explicit path and returns the DatasetFormatError it must throw. */
  const formatError = (content: string | Uint8Array): DatasetFormatError => {
    const file = write('names.txt', content);
    const err = thrown(() => namesSync({ path: file })) as DatasetFormatError;
    expect(err).toBeInstanceOf(DatasetFormatError);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain('Put the canonical names.txt (https://raw.githubusercontent.com/karpathy/makemore/master/names.txt)');
    return err;
  };

  it('a names.txt in $POISE_DATA with another checksum names the file and both hashes', async () => {
    const content = 'emma\nolivia\n';
    const file = write('data/names.txt', content);
    process.env.POISE_DATA = join(box.root, 'data');
    for (const load of [() => namesSync(), () => names({ fetch: fetchFailing() })]) {
      const err = await Promise.resolve().then(load).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChecksumMismatchError);
      const e = err as ChecksumMismatchError;
      expect(e.name).toBe('ChecksumMismatchError');
      expect(e.file).toBe(file);
      expect(e.expected).toBe(NAMES_FILE.sha256);
      expect(e.actual).toBe(sha(content));
      expect(e.message).toBe(
        `names: ${file} has SHA-256 ${sha(content)} (12 bytes; the canonical file has 228145), expected ${NAMES_FILE.sha256}. ` +
          `It is corrupt, truncated or a different file. Replace it with the canonical file, or pass { path: '${file}' } to use it as it is. ` +
          `Put the canonical names.txt (${NAMES_FILE.url}) at ${file} ($POISE_DATA) or ${join(box.cache, 'names.txt')} (the cache), or pass { path } to a copy of it.`,
      );
    }
  });

  it('the canonical file with a newline added is not the canonical file', () => {
    const bytes = Buffer.concat([readFileSync(join(realDataDir(), 'names.txt')), Buffer.from('\n')]);
    write('data/names.txt', bytes);
    process.env.POISE_DATA = join(box.root, 'data');
    expect(() => namesSync()).toThrow(/228146 bytes; the canonical file has 228145/);
    // ...but it is a well-formed word list, so an explicit path takes it.
    expect(namesSync({ path: join(box.root, 'data', 'names.txt') }).words).toHaveLength(32_033);
  });

  it('a corrupt cache file is an error that says to delete it, not a silent re-download', async () => {
    const file = write('cache/names.txt', 'emm');
    const err = await names({ fetch: fetchFailing() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect((err as ChecksumMismatchError).file).toBe(file);
    expect((err as Error).message).toContain('Delete it (it is downloaded again on the next call)');
    expect((err as Error).message).toContain(sha('emm'));
  });

  it('an empty canonical file is a checksum error that gives its size', () => {
    write('data/names.txt', '');
    process.env.POISE_DATA = join(box.root, 'data');
    expect(() => namesSync()).toThrow(/has SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 \(0 bytes/);
  });

  it('a missing explicit path is a DatasetNotFoundError saying where the file goes', async () => {
    const file = join(box.root, 'nope', 'names.txt');
    expect(() => namesSync({ path: file })).toThrow(DatasetNotFoundError);
    await expect(names({ path: file })).rejects.toThrow(
      `names: no file at ${file} (the path option). Put the canonical names.txt (${NAMES_FILE.url}) at $POISE_DATA/names.txt (POISE_DATA is not set) or ${join(box.cache, 'names.txt')} (the cache), or pass { path } to a copy of it.`,
    );
    // No fallback for an explicit path: the caller asked for that file.
    expect(box.stderrSpy).not.toHaveBeenCalled();
  });

  it('a folder as the explicit path says to pass the file inside it', () => {
    mkdirSync(join(box.root, 'dir'));
    expect(() => namesSync({ path: join(box.root, 'dir') })).toThrow(`is a folder; the path option takes the file itself, e.g. ${join(box.root, 'dir', 'names.txt')}`);
  });

  it('an empty file', () => {
    const e = formatError('');
    expect(e.problem).toBe('empty');
    expect(e.message).toMatch(/names\.txt is empty\. Put/);
  });

  it('a file with a line that is not lowercase a-z', () => {
    let e = formatError('emma\nAnne\n');
    expect([e.problem, e.line]).toEqual(['invalid-line', 2]);
    expect(e.message).toContain('has a name that is not lowercase a-z at line 2: "Anne" contains "A" (U+0041)');
    e = formatError('emma\njo-ann\nava\n');
    expect(e.message).toContain('"jo-ann" contains "-" (U+002D)');
    e = formatError('emma\nzoë\n');
    expect(e.message).toContain('"zoë" contains "ë" (U+00EB)');
    e = formatError('emma\nmary ann\n');
    expect(e.message).toContain('contains " " (U+0020)');
  });

  it('blank lines, CRLF line endings and a byte-order mark each get their own explanation', () => {
    let e = formatError('emma\n\nava\n');
    expect(e.line).toBe(2);
    expect(e.message).toContain('has an empty line (line 2)');
    e = formatError('emma\n\n');
    expect(e.message).toContain('has an empty line (line 2)');
    e = formatError('emma\r\nava\r\n');
    expect(e.message).toContain('has Windows line endings (CRLF) at line 1');
    e = formatError('\uFEFFemma\nava\n');
    expect(e.message).toContain('(U+FEFF) (a byte-order mark: save the file as UTF-8 without BOM)');
  });

  it('invalid UTF-8, with the byte and line it starts at', () => {
    let e = formatError(Buffer.from([0x65, 0x6d, 0x6d, 0x61, 0x0a, 0x7a, 0xc3, 0x28, 0x0a]));
    expect([e.problem, e.line]).toEqual(['invalid-utf8', 2]);
    expect(e.message).toContain('is not valid UTF-8 text: byte 6 (line 2) is 0xC3');
    e = formatError(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]));
    expect(e.message).toContain('(it starts like a gzip file: decompress it first)');
    // A file cut inside a multi-byte character is invalid UTF-8 at its last bytes.
    e = formatError(Buffer.from('emma\nzo\u00eb\n', 'utf8').subarray(0, 8));
    expect(e.problem).toBe('invalid-utf8');
  });

  it('a truncated copy: its last line has no newline after it and its checksum is not the canonical one', () => {
    const canonical = readFileSync(join(realDataDir(), 'names.txt'));
    // A copy cut off in the middle of a name: every line is a valid name, only the end gives it away.
    const cut = canonical.subarray(0, 100_003);
    const lastWord = cut.toString().split('\n').at(-1)!;
    const e = formatError(cut);
    expect(e.problem).toBe('truncated');
    expect(e.line).toBe(cut.toString().split('\n').length);
    expect(e.message).toContain(`looks truncated: its last line (line ${e.line}, ${JSON.stringify(lastWord)}) has no newline after it`);
    expect(e.message).toContain(`this file's is ${sha(cut)}`);
    expect(formatError('emma\nolivia\nav').problem).toBe('truncated');
  });

  it('the sha256 option vouches for an explicit file, which may then end without a newline', () => {
    const file = write('mine.txt', 'emma\nolivia');
    expect(namesSync({ path: file, sha256: sha('emma\nolivia').toUpperCase() }).words).toEqual(['emma', 'olivia']);
    const e = thrown(() => namesSync({ path: file, sha256: '0'.repeat(64) }));
    expect(e).toBeInstanceOf(ChecksumMismatchError);
    expect((e as ChecksumMismatchError).message).toBe(
      `names: ${file} has SHA-256 ${sha('emma\nolivia')} (11 bytes), expected ${'0'.repeat(64)}. It is corrupt, truncated or a different file. Check the file, or the sha256 option.`,
    );
    // A checksum says nothing about what the bytes are: lines are still validated.
    const bad = write('bad.txt', 'Emma\n');
    expect(() => namesSync({ path: bad, sha256: sha('Emma\n') })).toThrow(DatasetFormatError);
  });

  it('a canonical copy under $POISE_DATA is read through a symlinked folder too', () => {
    mkdirSync(join(box.root, 'real'));
    copyFileSync(join(realDataDir(), 'names.txt'), join(box.root, 'real', 'names.txt'));
    symlinkSync(join(box.root, 'real'), join(box.root, 'link'));
    process.env.POISE_DATA = join(box.root, 'link');
    expect(namesSync().words).toHaveLength(32_033);
  });

  it('bad options are DatasetOptionErrors naming the function and the option', async () => {
    const cases: [unknown, RegExp][] = [
      [{ path: '' }, /namesSync: path must be a non-empty string, got ""/],
      [{ path: 3 }, /path must be a non-empty string, got 3/],
      [{ sha256: 'abc', path: 'x' }, /sha256 must be 64 hex digits, got "abc"/],
      [{ sha256: 'a'.repeat(64) }, /sha256 checks the file at path; give path too/],
      [{ quiet: 'yes' }, /quiet must be a boolean, got "yes"/],
      [{ fallback: 0 }, /fallback must be a boolean/],
      [{ fetch: () => undefined }, /unknown option 'fetch' \(namesSync never downloads; use names\(\)\)/],
      [{ pth: 'x' }, /unknown option 'pth'/],
      [null, /options must be an object, got null/],
    ];
    for (const [opts, msg] of cases) {
      expect(() => namesSync(opts as never)).toThrow(msg);
      expect(() => namesSync(opts as never)).toThrow(DatasetOptionError);
    }
    await expect(names({ fetch: 'curl' as never })).rejects.toThrow(/names: fetch must be a function/);
    await expect(names({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs must be a positive number, got -1/);
    await expect(names({ download: 'no' as never })).rejects.toThrow(DatasetOptionError);
  });

  it('every error is a DatasetError with the dataset name and its own class name', () => {
    const e = thrown(() => namesSync({ path: join(box.root, 'missing.txt') }));
    expect(e).toBeInstanceOf(DatasetError);
    expect(e).toBeInstanceOf(Error);
    expect((e as DatasetError).dataset).toBe('names');
    expect((e as Error).name).toBe('DatasetNotFoundError');
  });
});
