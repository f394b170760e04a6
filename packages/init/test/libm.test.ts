/**
 * The libm ports behind truncNormal, against glibc 2.36 sampled through ctypes, and torch.erfinv end to
 * end (test/fixtures/init_fixtures.py, section "libm"). Inputs are rebuilt from the same seeded stream.
 */
import { describe, expect, it } from 'vitest';

import { Generator, rand } from '@poise/tensor';

import { erfinvF32, erfinvF64 } from '../src/erfinv';
import { erf, exp, log } from '../src/libm-double';
import { erff, expf, logf } from '../src/libm-float';
import { bits, fixtures, sha256 } from './helpers';

const L = fixtures.libm as Record<string, { head: number[]; sha256: string }> & { n: number; seed: number };
const fr = Math.fround;

function uniforms(dtype: 'float32' | 'float64', g: Generator): Float32Array | Float64Array {
  return rand([L.n], { generator: g, dtype }).toTypedArray() as Float32Array | Float64Array;
}

function check(name: string, out: Float32Array | Float64Array): void {
  const dtype = out instanceof Float32Array ? 'float32' : 'float64';
  expect(bits(out.subarray(0, L[name].head.length), dtype)).toEqual(bits(L[name].head, dtype));
  expect(sha256(out)).toBe(L[name].sha256);
}

describe('torch.erfinv', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: ${L.n} values of erfinv(2u - 1) are bit-exact`, () => {
      const u = uniforms(dtype, new Generator(L.seed));
      const out = dtype === 'float32' ? new Float32Array(L.n) : new Float64Array(L.n);
      const f = dtype === 'float32' ? erfinvF32 : erfinvF64;
      for (let i = 0; i < L.n; i++) out[i] = f(u[i] * 2 - 1);
      check(`erfinv_${dtype}`, out);
    });
  }

  it('handles the ends of its domain as torch does', () => {
    expect(erfinvF32(1)).toBe(Infinity);
    expect(erfinvF32(-1)).toBe(-Infinity);
    expect(erfinvF32(fr(1.5))).toBeNaN();
    expect(erfinvF64(0)).toBe(0);
    expect(erfinvF64(-1)).toBe(-Infinity);
    expect(erfinvF64(2)).toBeNaN();
  });
});

describe("glibc's libm", () => {
  const g = new Generator(L.seed);
  const u32 = uniforms('float32', g);
  const u64 = uniforms('float64', g);
  const map = (u: Float32Array | Float64Array, f: (x: number) => number, single: boolean) => {
    const out = single ? new Float32Array(u.length) : new Float64Array(u.length);
    for (let i = 0; i < u.length; i++) out[i] = f(u[i]);
    return out;
  };
  it('expf', () => check('expf', map(u32, (v) => expf(fr(fr(v * 44) - 40)), true)));
  it('logf', () => check('logf', map(u32, (v) => logf(v), true)));
  it('erff', () => check('erff', map(u32, (v) => erff(fr(fr(v * 12) - 6)), true)));
  it('exp', () => check('exp', map(u64, (v) => exp(v * 44 - 40), false)));
  it('log', () => check('log', map(u64, (v) => log(v), false)));
  it('erf', () => check('erf', map(u64, (v) => erf(v * 12 - 6), false)));

  it('special values', () => {
    expect(expf(-Infinity)).toBe(0);
    expect(expf(100)).toBe(Infinity);
    expect(expf(-200)).toBe(0);
    expect(expf(0)).toBe(1);
    expect(logf(0)).toBe(-Infinity);
    expect(logf(-1)).toBeNaN();
    expect(logf(1)).toBe(0);
    expect(logf(1e-40)).toBe(fr(Math.log(1e-40))); // subnormal input
    expect(erff(Infinity)).toBe(1);
    expect(erff(-Infinity)).toBe(-1);
    expect(erff(7)).toBe(1);
    expect(erf(0)).toBe(0);
    expect(erf(-10)).toBe(-1);
    expect(exp(0)).toBe(1);
    expect(log(1)).toBe(0);
  });
});
