/**
 * The seeds' `build_dataset`, over flat typed arrays instead of Python lists:
 *
 *     for w in words:
 *       context = [0] * block_size
 *       for ch in w + '.':
 *         ix = stoi[ch]
 *         X.append(context); Y.append(ix)
 *         context = context[1:] + [ix]
 *
 * One example per character plus one for the end token, so a split of words with c characters in all
 * has c + len(words) examples.
 */
import { tensor, type Tensor } from '@poise/tensor';

import { END } from './vocabulary';

export interface Split {
  /** Contexts: int32 `[N, blockSize]`. */
  X: Tensor;
  /** Next characters: int32 `[N]`. */
  Y: Tensor;
  /** The words the examples were made from, in order. */
  words: string[];
}

export function buildDataset(words: string[], stoi: Readonly<Record<string, number>>, blockSize: number): Split {
  const seqs = words.map((w) => [...Array.from(w, (ch) => stoi[ch]), stoi[END]]);
  const n = seqs.reduce((acc, s) => acc + s.length, 0);
  const X = new Int32Array(n * blockSize);
  const Y = new Int32Array(n);
  const context = new Int32Array(blockSize);
  let row = 0;
  for (const seq of seqs) {
    context.fill(0);
    for (const ix of seq) {
      X.set(context, row * blockSize);
      Y[row++] = ix;
      context.copyWithin(0, 1);
      context[blockSize - 1] = ix;
    }
  }
  return {
    X: tensor(X, { shape: [n, blockSize] }),
    Y: tensor(Y, { shape: [n] }),
    words,
  };
}
