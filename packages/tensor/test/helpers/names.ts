import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PythonRandom, tensor, type Tensor } from '../../src';

/** Where tests find names.txt: $POISE_DATA, else ../shared/data beside the repository (as in CI). */
export function namesPath(): string {
  const dir = process.env.POISE_DATA ?? resolve(__dirname, '../../../../../shared/data');
  const p = join(dir, 'names.txt');
  if (!existsSync(p)) throw new Error(`names.txt not found at ${p}; set POISE_DATA to the folder holding it`);
  return p;
}

/** The seeds' training split: random.seed(42); random.shuffle(words); first 80%; block size 3. */
export function makemoreTrain(blockSize = 3): { X: Tensor; Y: Tensor; words: number } {
  const words = readFileSync(namesPath(), 'utf8').split('\n');
  if (words[words.length - 1] === '') words.pop(); // Python's splitlines()
  const chars = [...new Set(words.join(''))].sort();
  const stoi = new Map(chars.map((c, i) => [c, i + 1]));
  stoi.set('.', 0);
  const rng = new PythonRandom(42);
  rng.shuffle(words);
  const n1 = Math.floor(0.8 * words.length);
  const X: number[] = [];
  const Y: number[] = [];
  for (const w of words.slice(0, n1)) {
    let context = new Array<number>(blockSize).fill(0);
    for (const ch of w + '.') {
      const ix = stoi.get(ch)!;
      X.push(...context);
      Y.push(ix);
      context = [...context.slice(1), ix];
    }
  }
  return {
    X: tensor(Int32Array.from(X), { shape: [Y.length, blockSize] }),
    Y: tensor(Int32Array.from(Y)),
    words: words.length,
  };
}
