/**
 * Runs the README's ```ts blocks, so the usage it shows keeps working. Like tools/readme-snippets.ts,
 * except that snippets run as async functions: rendering is asynchronous, and a README that could not
 * `await chart.toSVG()` would hide the one call every user makes. A line
 * `console.log(x); // => text` asserts that this call printed exactly `text`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { format } from 'node:util';
import ts from 'typescript';
import * as tensor from '@poise/tensor';
import * as diagnostics from '../src';

interface Snippet {
  index: number;
  code: string;
  expected: string[];
}

function readmeSnippets(readmePath: string): Snippet[] {
  const text = readFileSync(readmePath, 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.map((code, index) => ({
    index,
    code,
    expected: code.split('\n').flatMap((line) => {
      const m = /console\.log\(.*\);\s*\/\/ => (.*)$/.exec(line);
      return m ? [m[1]] : [];
    }),
  }));
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (
  ...args: unknown[]
) => Promise<void>;

/** Runs one snippet (top-level `await` allowed); returns the lines it printed. */
async function runSnippet(snippet: Snippet, modules: Record<string, unknown>, fromFile: string): Promise<string[]> {
  const js = ts.transpileModule(snippet.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const printed: string[] = [];
  const nodeRequire = createRequire(fromFile);
  const req = (name: string): unknown => (name in modules ? modules[name] : nodeRequire(name));
  const consoleShim = { ...console, log: (...args: unknown[]) => printed.push(format(...args)) };
  const module = { exports: {} };
  await new AsyncFunction('require', 'module', 'exports', 'console', js)(req, module, module.exports, consoleShim);
  return printed;
}

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
