/**
 * makemore's character vocabulary, exactly as the seeds build it:
 *
 *     chars = sorted(list(set(''.join(words))))
 *     stoi = {s: i+1 for i, s in enumerate(chars)}
 *     stoi['.'] = 0
 *     itos = {i: s for s, i in stoi.items()}
 *
 * Index 0 is '.', the start/end token, so the letters are 1..26 for names.txt and a model trained here
 * indexes its embedding table the same way as the PyTorch original.
 */
import { DatasetOptionError } from '../errors';

export interface Vocabulary {
  /** Character to index (`stoi['a'] === 1`, `stoi['.'] === 0`). */
  stoi: Readonly<Record<string, number>>;
  /** Index to character (`itos[0] === '.'`). */
  itos: readonly string[];
  /** Number of tokens, '.' included (27 for names.txt). */
  vocabSize: number;
  /** Indices of the characters of `s` (no '.' added). Throws on a character outside the vocabulary. */
  encode(s: string): number[];
  /** The characters of indices `ix` ('.' for 0). Throws on an index outside the vocabulary. */
  decode(ix: Iterable<number>): string;
}

/** The token that starts every context and ends every word. */
export const END = '.';

export function buildVocabulary(words: readonly string[]): Vocabulary {
  const set = new Set<string>();
  for (const w of words) for (const ch of w) set.add(ch);
  // Python sorts str by code point; JS's default sort compares UTF-16 units, which differs above U+FFFF.
  const chars = [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const map = new Map<string, number>(chars.map((c, i) => [c, i + 1]));
  map.set(END, 0);
  const itos: string[] = [END, ...chars];
  const stoi: Record<string, number> = Object.fromEntries(map);
  const encode = (s: string): number[] =>
    Array.from(s, (ch) => {
      const ix = map.get(ch);
      if (ix === undefined) throw new DatasetOptionError(`encode: ${JSON.stringify(ch)} is not in the vocabulary (${itos.join('')})`, 'makemore');
      return ix;
    });
  const decode = (ix: Iterable<number>): string => {
    let s = '';
    for (const i of ix) {
      if (!Number.isInteger(i) || i < 0 || i >= itos.length) {
        throw new DatasetOptionError(`decode: index ${String(i)} is outside the vocabulary [0, ${itos.length})`, 'makemore');
      }
      s += itos[i];
    }
    return s;
  };
  return { stoi, itos, vocabSize: itos.length, encode, decode };
}
