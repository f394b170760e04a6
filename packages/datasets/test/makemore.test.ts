import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@poise/tensor';

import { DatasetOptionError, makemore, namesSync, type MakemoreDataset } from '../src';
import { realDataDir } from './helpers/env';

interface SplitRef {
  words: number;
  firstWords: string[];
  examples: number;
  firstX: number[][];
  firstY: number[];
  sha256X: string;
  sha256Y: string;
}
interface Fixture {
  file: { sha256: string; words: number; first: string[]; last: string[] };
  itos: string;
  variants: ({ blockSize: number; seed: string } & Record<'train' | 'val' | 'test', SplitRef>)[];
}

/** Written by fixtures/makemore_fixture.py from the seeds' Python. */
const fixture: Fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'makemore.json'), 'utf8'));

/** SHA-256 of an int32 tensor's values as little-endian bytes, as the fixture script hashes them. */
function sha256Int32(t: Tensor): string {
  const a = t.toTypedArray() as Int32Array;
  const bytes = Buffer.alloc(a.length * 4);
  for (let i = 0; i < a.length; i++) bytes.writeInt32LE(a[i], i * 4);
  return createHash('sha256').update(bytes).digest('hex');
}

describe('makemore on the real names.txt equals the seeds\' Python', () => {
  let words: string[];
  beforeAll(() => {
    words = namesSync({ path: join(realDataDir(), 'names.txt') }).words;
  });

  it('reads the file the fixture was made from', () => {
    expect(words).toHaveLength(32_033);
    expect(words.slice(0, 3)).toEqual(fixture.file.first);
    expect(words.slice(-3)).toEqual(fixture.file.last);
  });

  it('blockSize 3, seed 42: 25,626 / 3,203 / 3,204 words and 182,625 / 22,655 / 22,866 examples', () => {
    const ds = makemore(words);
    expect(ds.vocabSize).toBe(27);
    expect(ds.blockSize).toBe(3);
    expect(ds.itos.join('')).toBe('.abcdefghijklmnopqrstuvwxyz');
    expect(ds.stoi['.']).toBe(0);
    expect(ds.stoi.a).toBe(1);
    expect(ds.stoi.z).toBe(26);
    expect([ds.train.words.length, ds.val.words.length, ds.test.words.length]).toEqual([25_626, 3_203, 3_204]);
    expect([ds.train.Y.shape[0], ds.val.Y.shape[0], ds.test.Y.shape[0]]).toEqual([182_625, 22_655, 22_866]);
    expect(ds.train.X.shape).toEqual([182_625, 3]);
    expect(ds.train.X.dtype).toBe('int32');
    expect(ds.train.Y.dtype).toBe('int32');
    expect(ds.train.words.slice(0, 5)).toEqual(['yuheng', 'diondre', 'xavien', 'jori', 'juanluis']);
    // Xtr[:7], Ytr[:7]: "yuheng" then the start of "diondre".
    expect(ds.train.X.narrow(0, 0, 7).tolist()).toEqual([[0, 0, 0], [0, 0, 25], [0, 25, 21], [25, 21, 8], [21, 8, 5], [8, 5, 14], [5, 14, 7]]);
    expect(ds.train.Y.narrow(0, 0, 7).tolist()).toEqual([25, 21, 8, 5, 14, 7, 0]);
    expect(ds.decode(ds.train.Y.narrow(0, 0, 7).tolist() as number[])).toBe('yuheng.');
  });

  for (const v of fixture.variants) {
    it(`blockSize ${v.blockSize}, seed ${v.seed}: every split's words, first rows and the hash of all of X and Y`, () => {
      const seed = BigInt(v.seed) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.seed) : BigInt(v.seed);
      const ds: MakemoreDataset = makemore(words, { blockSize: v.blockSize, seed });
      expect(ds.itos.join('')).toBe(fixture.itos);
      for (const name of ['train', 'val', 'test'] as const) {
        const ref = v[name];
        const split = ds[name];
        expect(split.words.length, name).toBe(ref.words);
        expect(split.words.slice(0, 5), name).toEqual(ref.firstWords);
        expect(split.X.shape, name).toEqual([ref.examples, v.blockSize]);
        expect(split.Y.shape, name).toEqual([ref.examples]);
        expect(split.X.narrow(0, 0, ref.firstX.length).tolist(), name).toEqual(ref.firstX);
        expect(split.Y.narrow(0, 0, ref.firstY.length).tolist(), name).toEqual(ref.firstY);
        expect(sha256Int32(split.X), name).toBe(ref.sha256X);
        expect(sha256Int32(split.Y), name).toBe(ref.sha256Y);
      }
    });
  }

  it('does not shuffle the caller\'s array', () => {
    const copy = words.slice();
    makemore(words);
    expect(words).toEqual(copy);
  });

  it('a bigint seed equal to a number seed gives the same split', () => {
    expect(makemore(words, { seed: 42n }).val.words).toEqual(makemore(words).val.words);
  });
});

describe('makemore on small inputs', () => {
  it('one example per character plus the end token, contexts padded with "."', () => {
    // One word: n1 = n2 = int(0.8) = 0, so it all goes to test.
    const ds = makemore(['abc'], { blockSize: 2 });
    expect(ds.train.X.shape).toEqual([0, 2]);
    expect(ds.val.Y.shape).toEqual([0]);
    expect(ds.test.X.tolist()).toEqual([[0, 0], [0, 1], [1, 2], [2, 3]]);
    expect(ds.test.Y.tolist()).toEqual([1, 2, 3, 0]);
    expect(ds.stoi).toEqual({ a: 1, b: 2, c: 3, '.': 0 });
    expect(ds.itos).toEqual(['.', 'a', 'b', 'c']);
  });

  it('the vocabulary is sorted by code point over all words, whatever the split', () => {
    const ds = makemore(['zeta', 'alpha', 'mu', 'nu', 'xi'], { blockSize: 1 });
    expect(ds.itos.join('')).toBe('.aehilmnptuxz');
    expect(ds.encode('hex')).toEqual([3, 2, 11]);
    expect(ds.decode([3, 2, 11, 0])).toBe('hex.');
    expect(ds.decode(new Int32Array([1, 0]))).toBe('a.');
  });

  it('encode and decode refuse what is not in the vocabulary', () => {
    const ds = makemore(['ab']);
    expect(() => ds.encode('abz')).toThrow(new DatasetOptionError('encode: "z" is not in the vocabulary (.ab)', 'makemore'));
    expect(() => ds.decode([3])).toThrow('decode: index 3 is outside the vocabulary [0, 3)');
    expect(() => ds.decode([1.5])).toThrow(DatasetOptionError);
  });

  it('names bad words and options', () => {
    const cases: [unknown, unknown, string][] = [
      [[], undefined, 'makemore: words is empty; load some with names() or namesSync()'],
      ['emma', undefined, 'makemore: words must be an array of strings, got string'],
      [['emma', ''], undefined, 'makemore: words[1] is empty (a blank line, or a trailing newline split into a word?)'],
      [['emma', 3], undefined, 'makemore: words[1] is a number, not a string'],
      [['e.mma'], undefined, `makemore: words[0] ("e.mma") contains '.', which is the start/end token`],
      [['emma'], { blockSize: 0 }, 'makemore: blockSize must be a positive integer, got 0'],
      [['emma'], { blockSize: 2.5 }, 'makemore: blockSize must be a positive integer, got 2.5'],
      [['emma'], { blockSize: '3' }, 'makemore: blockSize must be a positive integer, got 3'],
      [['emma'], { seed: 1.5 }, 'makemore: seed must be an integer (number or bigint), got 1.5'],
      [['emma'], { seed: 2 ** 60 }, `makemore: seed must be an integer (number or bigint), got ${2 ** 60}`],
      [['emma'], { block_size: 3 }, "makemore: unknown option 'block_size' (blockSize, seed)"],
      [['emma'], null, 'makemore: options must be an object, got null'],
    ];
    for (const [words, opts, message] of cases) {
      expect(() => makemore(words as string[], opts as never)).toThrow(new DatasetOptionError(message, 'makemore'));
    }
  });
});
