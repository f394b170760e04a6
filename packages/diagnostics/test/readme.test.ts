/**
 * Runs the README's ```ts blocks (tools/readme-snippets.ts), so the usage it shows keeps working. Snippets
 * may use top-level `await`: rendering is asynchronous, and a README that could not `await chart.toSVG()`
 * would hide the one call every user makes. A line `console.log(x); // => text` asserts that this call
 * printed exactly `text`.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as tensor from '@poise/tensor';
import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as diagnostics from '../src';

describe('README snippets run and print what they say', () => {
  const readme = join(__dirname, '../README.md');
  const snippets = readmeSnippets(readme);

  it('has snippets that assert something', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    expect(snippets.every((s) => s.expected.length > 0)).toBe(true);
  });

  for (const snippet of snippets) {
    it(`snippet ${snippet.index + 1}`, async () => {
      const printed = await runSnippet(snippet, { '@poise/tensor': tensor, '@poise/diagnostics': diagnostics }, readme);
      expect(printed.map((p) => p.split('\n')[0])).toEqual(snippet.expected);
    });
  }
});
