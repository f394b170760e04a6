import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as tensor from '@poise/tensor';
import * as wasm from '../src';

afterAll(() => tensor.setBackend('js'));

describe('README snippets run and print what they say', () => {
  const readme = join(__dirname, '../README.md');
  for (const snippet of readmeSnippets(readme)) {
    it(`snippet ${snippet.index + 1}`, async () => {
      const printed = await runSnippet(snippet, { '@poise/tensor': tensor, '@poise/backend-wasm': wasm }, readme);
      expect(printed.map((p) => p.split('\n')[0])).toEqual(snippet.expected);
    });
  }
});
