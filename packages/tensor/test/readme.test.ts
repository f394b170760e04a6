import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as tensor from '../src';

describe('README snippets run and print what they say', () => {
  const readme = join(__dirname, '../README.md');
  for (const snippet of readmeSnippets(readme)) {
    it(`snippet ${snippet.index + 1}`, async () => {
      const printed = await runSnippet(snippet, { '@poise/tensor': tensor }, readme);
      const firstLines = printed.map((p) => p.split('\n')[0]);
      expect(firstLines).toEqual(snippet.expected);
    });
  }
});
