/**
 * Runs the TypeScript snippets of a package README as a test, so the usage a README shows keeps working.
 * Each ```ts block is transpiled to CommonJS and run, as the body of an async function (so a snippet may use
 * top-level `await`), with the package's own build behind its name. A line `console.log(x); // => text`
 * asserts that this call printed exactly `text`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import ts from 'typescript';

export interface Snippet {
  index: number;
  code: string;
  expected: string[];
}

export function readmeSnippets(readmePath: string): Snippet[] {
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

/**
 * Runs one snippet (top-level `await` allowed); resolves to the lines it printed once the snippet's body has
 * finished. `modules` maps package names to what `require` gives.
 */
export async function runSnippet(snippet: Snippet, modules: Record<string, unknown>, fromFile: string): Promise<string[]> {
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
