/**
 * The snippets of the docs site's guide (docs/guide/*.md) run and print what they say, as the package READMEs'
 * do. The test lives here because @poise/experiments depends on every package a guide imports; a guide page
 * added to docs/guide/ is picked up without an edit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tensor from '@poise/tensor';
import * as nn from '@poise/nn';
import * as init from '@poise/init';
import * as norm from '@poise/norm';
import * as diagnostics from '@poise/diagnostics';
import * as datasets from '@poise/datasets';
import * as backendWasm from '@poise/backend-wasm';
import { readmeSnippets, runSnippet } from '../../../tools/readme-snippets';
import * as experiments from '../src';

const guideDir = join(__dirname, '../../../docs/guide');
const modules = {
  '@poise/tensor': tensor,
  '@poise/nn': nn,
  '@poise/init': init,
  '@poise/norm': norm,
  '@poise/diagnostics': diagnostics,
  '@poise/datasets': datasets,
  '@poise/backend-wasm': backendWasm,
  '@poise/experiments': experiments,
};

// A snippet may switch the global backend (the backends guide does): the next one starts on `js` again.
afterEach(() => tensor.setBackend('js'));

for (const file of readdirSync(guideDir).filter((f) => f.endsWith('.md')).sort()) {
  describe(`docs/guide/${file}`, () => {
    const path = join(guideDir, file);
    const snippets = readmeSnippets(path);
    it('has snippets, each asserting what it prints', () => {
      expect(snippets.length).toBeGreaterThan(0);
      expect(snippets.every((s) => s.expected.length > 0)).toBe(true);
    });
    for (const snippet of snippets) {
      it(`snippet ${snippet.index + 1}`, async () => {
        const printed = await runSnippet(snippet, modules, path);
        expect(printed.map((p) => p.split('\n')[0])).toEqual(snippet.expected);
      });
    }
  });
}
