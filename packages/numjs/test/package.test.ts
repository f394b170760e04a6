/**
 * The package's boundary: numjs stays a peer dependency of this package only, so the core packages
 * remain dependency-free, and the package loads from CommonJS.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('@poise/numjs package', () => {
  it('depends on @poise/tensor only, with numjs as a peer dependency', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['@poise/tensor']);
    expect(Object.keys(pkg.peerDependencies)).toEqual(['numjs']);
  });

  it('is the only package that depends on numjs', () => {
    const packages = join(root, '..');
    for (const dir of readdirSync(packages)) {
      if (dir === 'numjs') continue;
      let other: Record<string, Record<string, string> | undefined>;
      try {
        other = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        expect(Object.keys(other[field] ?? {}), `${dir} ${field}`).not.toContain('numjs');
      }
    }
  });

  it('is importable from CommonJS with main, types and an exports map', () => {
    expect(pkg.main).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });
});
