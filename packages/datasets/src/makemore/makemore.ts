/**
 * makemore's dataset (Karpathy's "building makemore" parts 2-5, the seeds' code) from a list of words:
 *
 *     random.seed(42)
 *     random.shuffle(words)
 *     n1 = int(0.8*len(words)); n2 = int(0.9*len(words))
 *     Xtr, Ytr = build_dataset(words[:n1])
 *     Xdev, Ydev = build_dataset(words[n1:n2])
 *     Xte, Yte = build_dataset(words[n2:])
 *
 * The shuffle is CPython's (PythonRandom), not torch's generator, so the splits are the seeds' splits
 * word for word, and the tensors equal PyTorch's (as int32 instead of int64).
 */
import { PythonRandom } from '@poise/tensor';

import { DatasetOptionError } from '../errors';
import { buildDataset, type Split } from './build-dataset';
import { buildVocabulary, END, type Vocabulary } from './vocabulary';

export interface MakemoreOptions {
  /** Context length: how many characters predict the next one (default 3). */
  blockSize?: number;
  /** Seed of Python's `random.seed` before the shuffle (default 42, the seeds' value); any integer. */
  seed?: number | bigint;
}

export interface MakemoreDataset extends Vocabulary {
  blockSize: number;
  /** The first 80% of the shuffled words (`Xtr`, `Ytr`). */
  train: Split;
  /** The next 10% (`Xdev`, `Ydev`). */
  val: Split;
  /** The last 10% (`Xte`, `Yte`). */
  test: Split;
}

export function makemore(words: readonly string[], opts: MakemoreOptions = {}): MakemoreDataset {
  checkWords(words);
  const { blockSize, seed } = checkOptions(opts);
  const vocab = buildVocabulary(words);
  const shuffled = [...words]; // random.shuffle works in place; the caller's array stays as it was
  new PythonRandom(seed).shuffle(shuffled);
  const n1 = Math.floor(0.8 * shuffled.length); // int(0.8*len(words)): the same double, truncated
  const n2 = Math.floor(0.9 * shuffled.length);
  return {
    ...vocab,
    blockSize,
    train: buildDataset(shuffled.slice(0, n1), vocab.stoi, blockSize),
    val: buildDataset(shuffled.slice(n1, n2), vocab.stoi, blockSize),
    test: buildDataset(shuffled.slice(n2), vocab.stoi, blockSize),
  };
}

function bad(what: string): never {
  throw new DatasetOptionError(`makemore: ${what}`, 'makemore');
}

function checkWords(words: readonly string[]): void {
  if (!Array.isArray(words)) bad(`words must be an array of strings, got ${typeof words}`);
  if (words.length === 0) bad('words is empty; load some with names() or namesSync()');
  for (let i = 0; i < words.length; i++) {
    const w: unknown = words[i];
    if (typeof w !== 'string') bad(`words[${i}] is a ${typeof w}, not a string`);
    if (w === '') bad(`words[${i}] is empty (a blank line, or a trailing newline split into a word?)`);
    if (w.includes(END)) bad(`words[${i}] (${JSON.stringify(w)}) contains '.', which is the start/end token`);
  }
}

function checkOptions(opts: MakemoreOptions): { blockSize: number; seed: number | bigint } {
  if (opts === null || typeof opts !== 'object') bad(`options must be an object, got ${String(opts)}`);
  for (const key of Object.keys(opts)) if (key !== 'blockSize' && key !== 'seed') bad(`unknown option '${key}' (blockSize, seed)`);
  const blockSize = opts.blockSize ?? 3;
  if (typeof blockSize !== 'number' || !Number.isSafeInteger(blockSize) || blockSize < 1) {
    bad(`blockSize must be a positive integer, got ${String(blockSize)}`);
  }
  const seed = opts.seed ?? 42;
  if (!(typeof seed === 'bigint' || (typeof seed === 'number' && Number.isSafeInteger(seed)))) {
    bad(`seed must be an integer (number or bigint), got ${String(seed)}`);
  }
  return { blockSize, seed };
}
