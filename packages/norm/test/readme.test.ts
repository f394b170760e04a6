import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as nn from '@poise/nn';
import * as tensor from '@poise/tensor';
import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as norm from '../src';

describe('README snippets run and print what they say', () => {
  const readme = join(__dirname, '../README.md');
  const snippets = readmeSnippets(readme);
  it('has snippets that assert output', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    expect(snippets.every((s) => s.expected.length > 0)).toBe(true);
  });
  for (const snippet of snippets) {
    it(`snippet ${snippet.index + 1}`, async () => {
      // The same module instances as the sources under test, so `instanceof Tensor` holds across them.
      const printed = await runSnippet(snippet, { '@poise/norm': norm, '@poise/tensor': tensor, '@poise/nn': nn }, readme);
      const firstLines = printed.map((p) => p.split('\n')[0]);
      expect(firstLines).toEqual(snippet.expected);
    });
  }
});
