import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as tensor from '@poise/tensor';
import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as numjsAdapter from '../src';

describe('README snippets run and print what they say', () => {
  const readme = join(__dirname, '../README.md');
  const snippets = readmeSnippets(readme);
  it('has snippets that assert their output', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.every((s) => s.expected.length > 0)).toBe(true);
  });
  for (const snippet of snippets) {
    it(`snippet ${snippet.index + 1}`, async () => {
      // numjs itself is required from the README's folder, as a user's code would.
      const printed = await runSnippet(snippet, { '@poise/tensor': tensor, '@poise/numjs': numjsAdapter }, readme);
      const firstLines = printed.map((p) => p.split('\n')[0]);
      expect(firstLines).toEqual(snippet.expected);
    });
  }
});
