/**
 * The package's boundary: @poise/init depends on @poise/tensor only (so it can be used alone, and
 * @poise/nn can depend on it), and its sources import nothing else.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import * as init from '../src';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('@poise/init package', () => {
  it('depends on @poise/tensor only, not even a devDependency on @poise/nn', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['@poise/tensor']);
    for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) {
      expect(Object.keys(pkg[field] ?? {}).filter((d) => d.startsWith('@poise/'))).toEqual([]);
    }
  });

  it('imports only @poise/tensor and its own files', () => {
    for (const file of readdirSync(join(root, 'src'))) {
      const text = readFileSync(join(root, 'src', file), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(m[1] === '@poise/tensor' || m[1].startsWith('./')).toBe(true);
    }
  });

  it('is importable from CommonJS with main, types and an exports map', () => {
    expect(pkg.main).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('exports every initializer', () => {
    for (const name of [
      'calculateGain', 'fans', 'uniform', 'normal', 'constant', 'zeros', 'ones', 'eye', 'dirac', 'xavierUniform',
      'xavierNormal', 'kaimingUniform', 'kaimingNormal', 'truncNormal', 'orthogonal', 'sparse', 'lsuv', 'LsuvError',
    ]) {
      expect(typeof (init as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
