import { join } from 'node:path';
import * as tensor from '@poise/tensor';
import { describe, expect, it, vi } from 'vitest';

import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as datasets from '../src';
import { realDataDir, useSandbox } from './helpers/env';

describe('README snippets run and print what they say', () => {
  useSandbox(); // an empty cache of its own; names resolve through $POISE_DATA, as in CI
  const readme = join(__dirname, '../README.md');
  for (const snippet of readmeSnippets(readme)) {
    it(`snippet ${snippet.index + 1}`, async () => {
      process.env.POISE_DATA = realDataDir();
      vi.stubGlobal('fetch', () => Promise.reject(new Error('no network in tests')));
      const printed = await runSnippet(snippet, { '@poise/datasets': datasets, '@poise/tensor': tensor }, readme);
      // Snippets that use the async names() print from a .then(); let those callbacks run.
      await new Promise((r) => setImmediate(r));
      const firstLines = printed.map((p) => p.split('\n')[0]);
      expect(firstLines).toEqual(snippet.expected);
    });
  }
});
