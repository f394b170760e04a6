/**
 * Bit-for-bit parity of the random core with PyTorch 1.13's CPU generator and CPython's `random`.
 * Golden values come from test/fixtures/rng_fixtures.py (run with Debian 12's python3-torch); the
 * worked examples are the ones in shared/torch-rng.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  Generator,
  MT19937,
  PythonRandom,
  TORCH_STATE_BYTES,
  defaultGenerator,
  fillNormal,
  fillRandint,
  fillUniform,
  fma32,
  fma64,
  getDefaultGenerator,
  manualSeed,
  multinomial,
  randperm,
  type GeneratorState,
} from '../src/random';
import { libmCos, libmLog, libmSin, libmSincos, logAvx, sincosAvx } from '../src/random/fma32';

// ------------------------------------------------------------------------------------------------------
// fixture plumbing

interface Packed {
  dtype: string;
  n: number;
  values?: number[];
  head?: number[];
  tail?: number[];
  sha256?: string;
}
type Pos = [number, number];

const fx: any = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'rng.json'), 'utf8'));

type Typed = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint32Array;

function sha256(a: Typed): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
}

/** Bit patterns of float32 values, for exact comparisons that also distinguish -0 and NaN payloads. */
function f32Bits(values: ArrayLike<number>): number[] {
  return Array.from(new Uint32Array(Float32Array.from(values).buffer));
}

/** Bit patterns of float64 values as hex strings. */
function f64Bits(values: ArrayLike<number>): string[] {
  return Array.from(new BigUint64Array(Float64Array.from(values).buffer), (b) => b.toString(16));
}

/** Converts an output to the bytes torch hashed: int64 outputs are widened to int64. */
function asTorchBytes(out: Typed, dtype: string): Typed {
  if (dtype === 'int64') return BigInt64Array.from(Array.from(out as ArrayLike<number>, (v) => BigInt(v)));
  return out;
}

function bitsOf(values: ArrayLike<number>, dtype: string): (number | string)[] {
  if (dtype === 'float32') return f32Bits(values);
  if (dtype === 'float64') return f64Bits(values);
  return Array.from(values);
}

/** Asserts an output equals a packed fixture: every value, or head + tail + SHA-256 of all bytes. */
function expectPacked(out: Float32Array | Float64Array | Int32Array, packed: Packed): void {
  expect(out.length).toBe(packed.n);
  const dtype = packed.dtype;
  if (packed.values !== undefined) {
    expect(bitsOf(out, dtype)).toEqual(bitsOf(packed.values, dtype));
    return;
  }
  const head = packed.head ?? [];
  const tail = packed.tail ?? [];
  expect(bitsOf(out.subarray(0, head.length), dtype)).toEqual(bitsOf(head, dtype));
  expect(bitsOf(out.subarray(out.length - tail.length), dtype)).toEqual(bitsOf(tail, dtype));
  expect(sha256(asTorchBytes(out, dtype))).toBe(packed.sha256);
}

function expectPos(gen: Generator, pos: Pos): void {
  expect([gen.engine.left, gen.engine.next]).toEqual(pos);
}

const seedOf = (s: string | number): bigint => BigInt(s);

function decodeBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** One test per fixture case (the fixture is untyped JSON, so cases are `any`). */
function eachCase(list: any[], title: (c: any) => string, body: (c: any) => void): void {
  for (const c of list) it(title(c), () => body(c));
}

/** Draws consumed since seeding, while fewer than 624 (after seeding next = 0; each draw adds 1). */
function drawsSinceSeed(gen: Generator): number {
  return gen.engine.next;
}

// ------------------------------------------------------------------------------------------------------

describe('MT19937 engine', () => {
  it('matches the worked example for seed 2147483647', () => {
    const g = new Generator(2147483647);
    const got = Array.from({ length: 6 }, () => g.nextU32());
    expect(got).toEqual([1689602031, 3831148394, 2820341149, 2744746572, 370616153, 3004629480]);
  });

  it('gives the C++ standard value 4123659995 as the 10000th output for seed 5489', () => {
    const mt = new MT19937(5489);
    mt.discard(9999);
    expect(mt.nextU32()).toBe(4123659995);
  });

  eachCase(fx.seeds, (c) => `seeds like torch: seed ${c.seed}`, (c) => {
    const g = new Generator(seedOf(c.seed));
    expect(g.initialSeedBigInt().toString()).toBe(c.initial_seed);
    expect(Array.from(g.engine.state.subarray(0, 4))).toEqual(c.mt_head);
    expect(sha256(g.engine.state)).toBe(c.mt_sha256);
    expectPos(g, c.pos);
  });

  eachCase(fx.raw, (c) => `raw stream, seed ${c.seed}`, (c) => {
    const g = new Generator(c.seed);
    const out = new Float64Array(1000);
    fillRandint(out, 0, 2 ** 31, g);
    expect(Array.from(out.subarray(0, 8))).toEqual(c.randint_2p31.first);
    expect(sha256(asTorchBytes(out, 'int64'))).toBe(c.randint_2p31.sha256);
    expect(sha256(g.engine.state)).toBe(c.mt_sha256_after);
    expectPos(g, c.pos);
  });

  it('keeps only the low 32 bits of the seed and wraps negative seeds modulo 2^64', () => {
    const a = new Generator(2 ** 32 + 5);
    const b = new Generator(5);
    expect(Array.from({ length: 8 }, () => a.nextU32())).toEqual(Array.from({ length: 8 }, () => b.nextU32()));
    expect(new Generator(-1).initialSeedBigInt()).toBe(2n ** 64n - 1n);
    expect(new Generator(-12345).initialSeedBigInt()).toBe(18446744073709539271n);
    expect(new Generator(-(2n ** 63n)).initialSeedBigInt()).toBe(2n ** 63n);
    expect(new Generator(42).initialSeed()).toBe(42);
  });

  it('uses torch.Generator()\'s default seed when none is given', () => {
    expect(new Generator().initialSeed()).toBe(67280421310721);
  });

  it('clones and restores engine data independently', () => {
    const mt = new MT19937(99);
    mt.discard(700);
    const copy = mt.clone();
    const data = mt.getData();
    const a = [mt.nextU32(), mt.nextU32()];
    expect([copy.nextU32(), copy.nextU32()]).toEqual(a);
    mt.setData(data);
    expect([mt.nextU32(), mt.nextU32()]).toEqual(a);
  });
});

describe('float32 FMA emulation', () => {
  const m23 = 2 ** -23;
  const m24 = 2 ** -24;

  it('rounds correctly where a*b + c in double lands on a float32 midpoint', () => {
    // exact = (1 + 2^-23) + 2^-24 - 2^-60: just below the midpoint between 1 + 2^-23 and 1 + 2^-22.
    const a = m24 * (1 + 2 ** -18);
    const b = 1 - 2 ** -18;
    const c = 1 + m23;
    expect(Math.fround(a * b + c)).toBe(1 + 2 * m23); // double rounding lands on the midpoint, ties up
    expect(fma32(a, b, c)).toBe(1 + m23); // the exact value is below it
    // The mirror image: exact value just above a midpoint whose even neighbour is below.
    expect(Math.fround(-a * b - c)).toBe(-(1 + 2 * m23));
    expect(fma32(-a, b, -c)).toBe(-(1 + m23));
    // exact = 1 + 2^-24 + 2^-60: above the midpoint between 1 and 1 + 2^-23 (ties-to-even would say 1).
    const a2 = m24 * (1 + 2 ** -18);
    const b2 = 1 + 2 ** -18; // (1 + 2^-18)^2 = 1 + 2^-17 + 2^-36
    const c2 = 1 - m24 * 2 ** -17; // cancels the 2^-41 term exactly
    expect(Math.fround(a2 * b2 + c2)).toBe(1);
    expect(fma32(a2, b2, c2)).toBe(1 + m23);
  });

  it('keeps true ties on the even side', () => {
    expect(fma32(m24, 1, 1 + m23)).toBe(1 + 2 * m23);
    expect(fma32(m24, 1, 1)).toBe(1);
  });

  it('agrees with exact BigInt rounding on random and constructed inputs', () => {
    const rnd = new PythonRandom(7);
    const f32 = (): number => {
      const bits = (rnd.nextU32() & 0x807fffff) | ((100 + rnd.randbelow(56)) << 23);
      return new Float32Array(new Uint32Array([bits >>> 0]).buffer)[0];
    };
    let mismatches = 0;
    for (let i = 0; i < 20000; i++) {
      const a = f32();
      const b = f32();
      // Every other case: c chosen so that a*b + c lies within rounding error of a float32 midpoint.
      let c = f32();
      const s = Math.abs(Math.fround(a * b + c));
      if (i % 2 === 0 && s > 0) c = Math.fround((s + nextUp32(s)) / 2 - a * b);
      if (fma32(a, b, c) !== exactFma(a, b, c, 24, 149)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('float64 fma64 agrees with exact BigInt rounding, including midpoints', () => {
    const rnd = new PythonRandom(11);
    const f64 = (): number => (rnd.random() - 0.5) * 2 ** (rnd.randbelow(60) - 30);
    let mismatches = 0;
    for (let i = 0; i < 20000; i++) {
      const a = f64();
      const b = f64();
      let c = f64();
      if (i % 3 === 0) c = -(a * b) * (1 + (rnd.randbelow(5) - 2) * 2 ** -52);
      if (i % 3 === 1) c = a * b * 2 ** (rnd.randbelow(120) - 60);
      if (fma64(a, b, c) !== exactFma(a, b, c, 53, 1074)) mismatches++;
    }
    expect(mismatches).toBe(0);
    // A constructed double-rounding case: (1 + 2^-27)^2 = 1 + 2^-26 + 2^-54.
    const a = 1 + 2 ** -27;
    expect(fma64(a, a, -1)).toBe(2 ** -26 + 2 ** -54);
    expect(a * a - 1).toBe(2 ** -26);
  });
});

/** Exact `a*b + c` rounded to nearest-even with `p` significant bits and least exponent -`emin`. */
function exactFma(a: number, b: number, c: number, p: number, emin: number): number {
  // x = m * 2^-e with m an integer, so x * 2^emin is the integer m << (emin - e).
  const toInt = (x: number): bigint => {
    let m = Math.abs(x);
    let e = 0;
    while (!Number.isInteger(m)) {
      m *= 2;
      e++;
    }
    const big = BigInt(m) << BigInt(emin - e);
    return x < 0 ? -big : big;
  };
  const exact = toInt(a) * toInt(b) + (toInt(c) << BigInt(emin)); // in units of 2^(-2 emin)
  if (exact === 0n) return 0;
  const mag = exact < 0n ? -exact : exact;
  const shift = Math.max(mag.toString(2).length - p, emin); // keep p bits, but no finer than 2^-emin
  let q = mag >> BigInt(shift);
  const rem = mag - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const value = Number(q) * 2 ** (shift - 2 * emin);
  return exact < 0n ? -value : value;
}

/** The float32 after x (x > 0). */
function nextUp32(x: number): number {
  const u = new Uint32Array(new Float32Array([x]).buffer);
  u[0] += 1;
  return new Float32Array(u.buffer)[0];
}

describe('avx_mathfun ports', () => {
  it('logAvx is Cephes logf: exact at 1, close to log elsewhere, NaN for non-positive input', () => {
    expect(logAvx(1)).toBe(0);
    expect(Math.abs(logAvx(0.5) - Math.log(0.5))).toBeLessThan(1e-7);
    expect(Math.abs(logAvx(2 ** -24) - Math.log(2 ** -24))).toBeLessThan(2e-6);
    expect(logAvx(0)).toBeNaN();
    expect(logAvx(-1)).toBeNaN();
  });

  it('sincosAvx is Cephes sincosf: exact at 0, within float32 accuracy elsewhere, odd in sin', () => {
    expect(sincosAvx(0)).toEqual([0, 1]);
    for (const x of [0.1, 1, 2, 3, 4.5, 6.2831855]) {
      const [s, c] = sincosAvx(Math.fround(x));
      expect(Math.abs(s - Math.sin(Math.fround(x)))).toBeLessThan(2e-7);
      expect(Math.abs(c - Math.cos(Math.fround(x)))).toBeLessThan(2e-7);
      expect(Math.fround(s)).toBe(s);
      expect(sincosAvx(-Math.fround(x))).toEqual([-s, c]);
    }
  });
});

// ------------------------------------------------------------------------------------------------------

describe('randn float32', () => {
  eachCase(
    fx.randn_f32,
    (c) => `seed ${c.seed}, numel ${c.size}`,
    (c) => {
      const g = new Generator(c.seed);
      const out = fillNormal(new Float32Array(c.size), g);
      expectPacked(out, c.out);
      expectPos(g, c.pos);
    },
  );

  it('matches the worked examples', () => {
    const one = fillNormal(new Float32Array(1), new Generator(2147483647));
    expect(one[0]).toBe(-0.9800073504447937);
    expect(f32Bits(one)[0].toString(16)).toBe('bf7ae1c3');
    const C = fillNormal(new Float32Array(270), new Generator(2147483647));
    expect(C[0]).toBe(1.5673619508743286);
    expect(C[1]).toBe(-0.2372923195362091);
  });

  it('consumes torch\'s number of draws: n, plus 16 when n % 16 != 0, and 4 per pair below 16', () => {
    const draws = (n: number): number => {
      const g = new Generator(1);
      fillNormal(new Float32Array(n), g);
      return drawsSinceSeed(g);
    };
    expect(draws(16)).toBe(16);
    expect(draws(17)).toBe(33);
    expect(draws(32)).toBe(32);
    expect(draws(33)).toBe(49);
    expect(draws(270)).toBe(286);
    expect(draws(5)).toBe(12);
    expect(draws(15)).toBe(32);
    expect(draws(1)).toBe(4);
  });

  it('for n = 17 takes out[0] from the first chunk and out[1..16] from the redrawn tail chunk', () => {
    const g17 = new Generator(9);
    const out17 = fillNormal(new Float32Array(17), g17);
    const out16 = fillNormal(new Float32Array(16), new Generator(9));
    expect(out17[0]).toBe(out16[0]);
    // The tail chunk: uniforms 17..32 of the stream, Box-Muller'ed into out[1..16].
    const g = new Generator(9);
    g.engine.discard(17);
    const tail = fillNormal(new Float32Array(16), g);
    expect(f32Bits(out17.subarray(1))).toEqual(f32Bits(tail));
  });
});

describe('the Box-Muller cache', () => {
  eachCase(
    fx.cache.filter((c: { name: string }) => c.name === 'randn 5,16,3'),
    (c) => `randn(5), randn(16), randn(3) on one generator, seed ${c.seed}`,
    (c) => {
      const g = new Generator(c.seed);
      c.sizes.forEach((n: number, k: number) => {
        expect(f32Bits(fillNormal(new Float32Array(n), g))).toEqual(f32Bits(c.outs[k]));
      });
      expectPos(g, c.pos);
    },
  );

  it('carries across 20000 calls of randn(15)', () => {
    const c = fx.cache.find((x: { name: string }) => x.name === '20000 x randn(15)');
    const g = new Generator(c.seed);
    const all = new Float32Array(c.calls * c.size);
    for (let k = 0; k < c.calls; k++) fillNormal(all.subarray(k * c.size, (k + 1) * c.size), g);
    expect(f32Bits(all.subarray(0, 15))).toEqual(f32Bits(c.first));
    expect(f32Bits(all.subarray(15, 30))).toEqual(f32Bits(c.second));
    expect(f32Bits(all.subarray(all.length - 15))).toEqual(f32Bits(c.last));
    expect(sha256(all)).toBe(c.sha256);
    expectPos(g, c.pos);
  });

  it('is neither used nor cleared by rand and randint, and is shared with float64 calls', () => {
    const c = fx.cache.find((x: { name: string }) => x.name === 'mixed');
    const g = new Generator(c.seed);
    expect(f32Bits(fillNormal(new Float32Array(3), g))).toEqual(f32Bits(c.outs[0]));
    expect(g.hasCachedNormal()).toBe(true);
    expect(f32Bits(fillUniform(new Float32Array(4), g))).toEqual(f32Bits(c.outs[1]));
    expect(Array.from(fillRandint(new Float64Array(2), 0, 10, g))).toEqual(c.outs[2]);
    expect(g.hasCachedNormal()).toBe(true);
    expect(f32Bits(fillNormal(new Float32Array(1), g))).toEqual(f32Bits(c.outs[3]));
    expect(f64Bits(fillNormal(new Float64Array(3), g))).toEqual(f64Bits(c.outs[4]));
    expect(f32Bits(fillNormal(new Float32Array(1), g))).toEqual(f32Bits(c.outs[5]));
    expectPos(g, c.pos);
  });

  it('gives the cached sine half of randn(5)[4] as the first value of the next small call', () => {
    const g = new Generator(2147483647);
    fillNormal(new Float32Array(5), g);
    expect(g.hasCachedNormal()).toBe(true);
    const before = drawsSinceSeed(g);
    fillNormal(new Float32Array(16), g); // the vectorised path ignores the cache
    expect(g.hasCachedNormal()).toBe(true);
    const next = fillNormal(new Float32Array(1), g);
    expect(drawsSinceSeed(g)).toBe(before + 16); // the cached value costs no draw
    expect(g.hasCachedNormal()).toBe(false);
    // The worked example: the cache after randn(1) with seed 2147483647 holds r*sin = -1.6578479083...
    const h = new Generator(2147483647);
    fillNormal(new Float32Array(1), h);
    const cached = fillNormal(new Float32Array(1), h)[0];
    expect(cached).toBe(-1.6578478813171387);
    expect(drawsSinceSeed(h)).toBe(4);
    expect(next.length).toBe(1);
  });

  it('is cleared by manualSeed', () => {
    const c = fx.cache.find((x: { name: string }) => x.name === 'reseed clears');
    const g = new Generator(c.seed);
    fillNormal(new Float32Array(1), g);
    expect(g.hasCachedNormal()).toBe(true);
    g.manualSeed(c.seed);
    expect(g.hasCachedNormal()).toBe(false);
    expect(f32Bits(fillNormal(new Float32Array(2), g))).toEqual(f32Bits(c.outs[0]));
    expectPos(g, c.pos);
  });
});

describe('randn float64 (glibc log/sin/cos ports)', () => {
  eachCase(
    fx.randn_f64,
    (c) => `seed ${c.seed}, numel ${c.size}`,
    (c) => {
      const g = new Generator(c.seed);
      expectPacked(fillNormal(new Float64Array(c.size), g), c.out);
      expectPos(g, c.pos);
    },
  );

  it('4000 calls of randn(15, float64): every bit of 60,000 values', () => {
    const c = fx.randn_f64_bulk.small;
    const g = new Generator(c.seed);
    const all = new Float64Array(c.calls * c.size);
    for (let k = 0; k < c.calls; k++) fillNormal(all.subarray(k * c.size, (k + 1) * c.size), g);
    expectPacked(all, c.out);
    expectPos(g, c.pos);
  });

  it('randn(100000, float64): every bit', () => {
    const c = fx.randn_f64_bulk.large;
    const g = new Generator(c.seed);
    expectPacked(fillNormal(new Float64Array(c.size), g), c.out);
    expectPos(g, c.pos);
  });

  it('libmLog, libmSin, libmCos equal glibc on 200,000 torch inputs each', () => {
    const c = fx.libm;
    const u = fillUniform(new Float64Array(c.n), new Generator(c.seed));
    const logs = new Float64Array(c.n);
    const sins = new Float64Array(c.n);
    const coss = new Float64Array(c.n);
    const sc = new Float64Array(2);
    for (let i = 0; i < c.n; i++) {
      logs[i] = libmLog(1.0 - u[i]);
      libmSincos(2.0 * Math.PI * u[i], sc);
      sins[i] = sc[0];
      coss[i] = sc[1];
    }
    expect(f64Bits(logs.subarray(0, 8))).toEqual(f64Bits(c.log.head));
    expect(sha256(logs)).toBe(c.log.sha256);
    expect(sha256(sins)).toBe(c.sin.sha256);
    expect(sha256(coss)).toBe(c.cos.sha256);
    // V8's fdlibm differs from glibc on some of these inputs, so the ports are doing real work.
    let v8Differs = 0;
    for (let i = 0; i < 2000; i++) if (Math.log(1.0 - u[i]) !== logs[i]) v8Differs++;
    expect(v8Differs).toBeGreaterThan(20);
  });

  it('libm ports match glibc on special and branch-boundary inputs', () => {
    for (const [x, y] of fx.libm.log_special) expect([x, f64Bits([libmLog(x)])]).toEqual([x, f64Bits([y])]);
    for (const [x, s, co] of fx.libm.trig_special) {
      expect([x, f64Bits([libmSin(x), libmCos(x)])]).toEqual([x, f64Bits([s, co])]);
    }
    expect(libmLog(0)).toBe(-Infinity);
    expect(libmLog(-1)).toBeNaN();
    expect(libmLog(Infinity)).toBe(Infinity);
  });
});

describe('normal_ with mean and std', () => {
  eachCase(fx.normal, (c) => `${c.out.dtype} numel ${c.size}`, (c) => {
    const g = new Generator(c.seed);
    const out = c.out.dtype === 'float32' ? new Float32Array(c.size) : new Float64Array(c.size);
    expectPacked(fillNormal(out, g, c.mean, c.std), c.out);
    expectPos(g, c.pos);
  });
});

describe('uniform_ / rand', () => {
  eachCase(
    fx.rand,
    (c) => `${c.out.dtype} numel ${c.size} in [${c.low}, ${c.high}), seed ${c.seed}`,
    (c) => {
      const g = new Generator(c.seed);
      const out = c.out.dtype === 'float32' ? new Float32Array(c.size) : new Float64Array(c.size);
      fillUniform(out, g, c.low, c.high);
      expectPacked(out, c.out);
      if (c.out.first200) expect(bitsOf(out.subarray(0, 200), c.out.dtype)).toEqual(bitsOf(c.out.first200, c.out.dtype));
      expectPos(g, c.pos);
    },
  );

  it('computes float32 uniforms from the low 24 bits of one draw and float64 from 53 bits of two', () => {
    const g = new Generator(2147483647);
    const x = fillUniform(new Float32Array(1), g)[0];
    expect(x).toBe((1689602031 & 0xffffff) / 2 ** 24);
    const h = new Generator(2147483647);
    const y = fillUniform(new Float64Array(1), h)[0];
    expect(y).toBe(((1689602031 & 0x1fffff) * 2 ** 32 + 3831148394) / 2 ** 53);
    expect(drawsSinceSeed(h)).toBe(2);
  });
});

describe('randint', () => {
  eachCase(
    fx.randint,
    (c) => `seed ${c.seed}, [${c.low}, ${c.high}) x ${c.size} as ${c.out.dtype}`,
    (c) => {
      const g = new Generator(c.seed);
      const dtype: string = c.out.dtype;
      const out = dtype === 'int32' ? new Int32Array(c.size) : dtype === 'float32' ? new Float32Array(c.size) : new Float64Array(c.size);
      fillRandint(out, c.low, c.high, g);
      expectPacked(out, c.out);
      expectPos(g, c.pos);
    },
  );

  it('uses one draw per element below 2^32 and two at or above', () => {
    const g = new Generator(3);
    fillRandint(new Float64Array(32), 0, 182625, g);
    expect(drawsSinceSeed(g)).toBe(32);
    const h = new Generator(3);
    fillRandint(new Float64Array(10), 0, 2 ** 32, h);
    expect(drawsSinceSeed(h)).toBe(20);
    const k = new Generator(3);
    fillRandint(new Int32Array(10), -(2 ** 31), 2 ** 31 - 1, k);
    expect(drawsSinceSeed(k)).toBe(10);
  });
});

describe('multinomial', () => {
  const P: number[][] = fx.multinomial.P;
  const row = (i: number): Float32Array => Float32Array.from(P[i]);
  const cases = fx.multinomial.cases;

  it('2000 calls with n = 1 and replacement (the CDF path of torch 1.13)', () => {
    const c = cases[0];
    const g = new Generator(c.seed);
    const out = Array.from({ length: 2000 }, (_, i) => multinomial(row(i % 20), 1, 27, 1, true, g)[0]);
    expect(out).toEqual(c.out);
    expectPos(g, c.pos);
  });

  it('5000 samples with replacement from one row', () => {
    const c = cases[1];
    const g = new Generator(c.seed);
    const out = multinomial(row(c.row), 1, 27, c.n, true, g);
    expect(Array.from(out.subarray(0, 64))).toEqual(c.out.first64);
    expect(sha256(asTorchBytes(out, 'int64'))).toBe(c.out.sha256);
    expectPos(g, c.pos);
  });

  eachCase(cases.slice(2), (c) => c.name, (c) => {
    const g = new Generator(c.seed);
    let out: Int32Array;
    if (c.probs64) out = multinomial(Float64Array.from(c.probs64), 1, c.probs64.length, c.n, c.replacement, g);
    else if (c.probs32) out = multinomial(Float32Array.from(c.probs32), 1, c.probs32.length, c.n, c.replacement, g);
    else if (c.rows) {
      const flat = Float32Array.from(P.slice(c.rows[0], c.rows[1]).flat());
      out = multinomial(flat, c.rows[1] - c.rows[0], 27, c.n, c.replacement, g);
    } else out = multinomial(row(c.row), 1, 27, c.n, c.replacement, g);
    expect(Array.from(out)).toEqual(c.out.flat());
    expectPos(g, c.pos);
  });

  it('never samples a zero-probability category', () => {
    const p = new Float32Array([0, 1, 0, 2, 0]);
    const out = multinomial(p, 1, 5, 1000, true, new Generator(1));
    expect(out.every((i) => i === 1 || i === 3)).toBe(true);
    const nr = multinomial(p, 1, 5, 2, false, new Generator(2));
    expect(Array.from(nr).sort()).toEqual([1, 3]);
  });
});

describe('randperm', () => {
  eachCase(fx.randperm, (c) => `seed ${c.seed}, n = ${c.n}`, (c) => {
    const g = new Generator(c.seed);
    expectPacked(randperm(c.n, g), c.out);
    expectPos(g, c.pos);
  });
});

describe("makemore's initialisation on one generator", () => {
  it('C, W1, b1, W2, b2 = randn(...), then randint(0, 182625, (32,))', () => {
    const mm = fx.makemore;
    const g = new Generator(2147483647);
    for (const name of ['C', 'W1', 'b1', 'W2', 'b2']) {
      const numel = mm[name].shape.reduce((a: number, b: number) => a * b, 1);
      expectPacked(fillNormal(new Float32Array(numel), g), mm[name].out);
      expectPos(g, mm[name].pos);
    }
    expect(Array.from(fillRandint(new Float64Array(32), 0, 182625, g))).toEqual(mm.ix.out);
    expectPos(g, mm.ix.pos);
  });
});

// ------------------------------------------------------------------------------------------------------

describe('getState / setState', () => {
  const prefix = (g: Generator, what: string): void => {
    if (what === 'randn 5') fillNormal(new Float32Array(5), g);
    else if (what === 'rand 700') fillUniform(new Float32Array(700), g);
    else throw new Error(what);
  };

  eachCase(fx.state, (c) => `byte-identical to torch: ${c.name}`, (c) => {
    const g = new Generator(c.seed);
    prefix(g, c.prefix);
    const torchBytes = decodeBase64(c.state_b64);
    expect(torchBytes.length).toBe(TORCH_STATE_BYTES);
    expect(Buffer.from(g.getStateBytes()).equals(Buffer.from(torchBytes))).toBe(true);
    // Loading torch's bytes into a fresh generator continues torch's stream.
    const h = new Generator(0).setState(torchBytes);
    const expected = c.next_randn7 ?? c.next_randn20;
    expect(f32Bits(fillNormal(new Float32Array(expected.length), h))).toEqual(f32Bits(expected));
    expect(h.initialSeedBigInt()).toBe(BigInt(c.seed));
  });

  it('round-trips through JSON, including the cached normal', () => {
    const g = new Generator(2147483647);
    fillNormal(new Float32Array(5), g);
    const state: GeneratorState = JSON.parse(JSON.stringify(g.getState()));
    expect(state.normalDouble).not.toBeNull();
    const a = fillNormal(new Float32Array(7), g);
    const h = new Generator(1).setState(state);
    expect(f32Bits(fillNormal(new Float32Array(7), h))).toEqual(f32Bits(a));
    expect(h.initialSeed()).toBe(2147483647);
    const k = g.clone();
    expect(f32Bits(fillNormal(new Float32Array(3), k))).toEqual(f32Bits(fillNormal(new Float32Array(3), g)));
  });

  it('rejects malformed states with named errors and leaves the generator untouched', () => {
    const g = new Generator(5);
    const good = g.getState();
    const bad = (patch: Partial<Record<keyof GeneratorState, unknown>>): GeneratorState =>
      ({ ...good, ...patch }) as unknown as GeneratorState;
    expect(() => g.setState(bad({ left: 0 }))).toThrow(/Generator\.setState: left must be/);
    expect(() => g.setState(bad({ index: 625 }))).toThrow(/Generator\.setState: next must be/);
    expect(() => g.setState(bad({ left: 600, index: 100 }))).toThrow(/past the end/);
    expect(() => g.setState(bad({ mt: good.mt.slice(1) }))).toThrow(/624 words/);
    expect(() => g.setState(bad({ mt: [...good.mt.slice(1), -1] }))).toThrow(/not a uint32/);
    expect(() => g.setState(bad({ mt: new Array(624).fill(0) }))).toThrow(/all zeros/);
    expect(() => g.setState(bad({ kind: 'pcg' }))).toThrow(TypeError);
    expect(() => g.setState(bad({ initialSeed: '-3' }))).toThrow(/initialSeed/);
    expect(() => g.setState(bad({ initialSeed: '18446744073709551616' }))).toThrow(/exceeds/);
    expect(() => g.setState(bad({ normalDouble: 'x' }))).toThrow(/normalDouble/);
    expect(() => g.setState(bad({ normalFloat: 0.1 }))).toThrow(/float32/);
    expect(() => g.setState(null as unknown as GeneratorState)).toThrow(TypeError);
    expect(() => g.setState(new Uint8Array(100))).toThrow(/expected 5056 bytes/);
    const bytes = g.getStateBytes();
    bytes[12] = 0; // seeded flag
    expect(() => g.setState(bytes)).toThrow(/seeded/);
    const bytes2 = g.getStateBytes();
    bytes2[24 + 4] = 1; // high half of a state word
    expect(() => g.setState(bytes2)).toThrow(/32 bits/);
    expect(g.getState()).toEqual(good);
  });
});

describe('seeding API', () => {
  it.each([
    [NaN, /Generator\.manualSeed: seed must be a finite integer, got NaN/],
    [Infinity, /Generator\.manualSeed: seed must be a finite integer, got Infinity/],
    [-Infinity, /got -Infinity/],
    [1.5, /Generator\.manualSeed: seed must be a finite integer, got 1\.5/],
    [2 ** 64, /Generator\.manualSeed: seed must be in \[-2\^63, 2\^64 - 1\].*18446744073709552000/],
    [2n ** 64n, /got 18446744073709551616/],
    [-(2n ** 63n) - 1n, /got -9223372036854775809/],
  ])('manualSeed(%s) throws a RangeError', (seed, message) => {
    const g = new Generator(1);
    expect(() => g.manualSeed(seed as number | bigint)).toThrow(RangeError);
    expect(() => g.manualSeed(seed as number | bigint)).toThrow(message);
  });

  it('rejects non-numeric seeds with a TypeError', () => {
    expect(() => new Generator(1).manualSeed('42' as unknown as number)).toThrow(/Generator\.manualSeed/);
    expect(() => new Generator(1).manualSeed('42' as unknown as number)).toThrow(TypeError);
  });

  it('manualSeed is chainable and accepts bigint', () => {
    const g = new Generator(1);
    expect(g.manualSeed(2147483647n)).toBe(g);
    expect(g.nextU32()).toBe(1689602031);
  });

  it('seed() picks a fresh non-deterministic seed, applies and returns it', () => {
    const g = new Generator(1);
    const s = g.seed();
    expect(Number.isSafeInteger(s)).toBe(true);
    expect(g.initialSeed()).toBe(s);
    expect(g.nextU32()).toBe(new Generator(s).nextU32());
    const seeds = new Set(Array.from({ length: 8 }, () => g.seed()));
    expect(seeds.size).toBe(8);
  });

  it('manualSeed() seeds and returns the default generator', () => {
    expect(getDefaultGenerator()).toBe(defaultGenerator);
    const g = manualSeed(2147483647);
    expect(g).toBe(defaultGenerator);
    expect(fillNormal(new Float32Array(270))[0]).toBe(1.5673619508743286); // default generator used
  });
});

describe('argument validation', () => {
  const g = new Generator(1);

  it('fillRandint', () => {
    expect(() => fillRandint(new Float64Array(1), 5, 5, g)).toThrow(/fillRandint: expects low < high, got low=5 >= high=5/);
    expect(() => fillRandint(new Float64Array(1), 7, 3, g)).toThrow(RangeError);
    expect(() => fillRandint(new Float64Array(1), 0.5, 3, g)).toThrow(/fillRandint: low must be an integer, got 0.5/);
    expect(() => fillRandint(new Float64Array(1), 0, NaN, g)).toThrow(/high must be an integer, got NaN/);
    expect(() => fillRandint(new Int32Array(1), 0, 2 ** 32, g)).toThrow(/does not fit exactly in int32/);
    expect(() => fillRandint(new Float32Array(1), 0, 2 ** 25, g)).toThrow(/float32/);
    expect(() => fillRandint(new Float64Array(1), -(2 ** 53), 2 ** 53, g)).toThrow(/float64/);
  });

  it('multinomial', () => {
    const p = (xs: number[]): Float32Array => Float32Array.from(xs);
    expect(() => multinomial(p([0.5, -0.1]), 1, 2, 1, true, g)).toThrow(/multinomial: probability \[0, 1\] is negative/);
    expect(() => multinomial(p([0.5, NaN]), 1, 2, 1, true, g)).toThrow(/multinomial: probability \[0, 1\] is NaN/);
    expect(() => multinomial(p([Infinity, 1]), 1, 2, 1, false, g)).toThrow(/multinomial: probability \[0, 0\] is Infinity/);
    expect(() => multinomial(p([1, 2, 0, 0]), 2, 2, 1, true, g)).toThrow(/multinomial: row 1 has sum of probabilities 0/);
    expect(() => multinomial(p([1, 2]), 1, 2, 3, false, g)).toThrow(/multinomial: cannot sample numSamples=3 > 2 categories without replacement/);
    expect(() => multinomial(p([1, 2]), 1, 2, 0, true, g)).toThrow(/multinomial: cannot sample numSamples <= 0/);
    expect(() => multinomial(p([1, 2, 3]), 1, 2, 1, true, g)).toThrow(/multinomial: probs has 3 elements/);
    expect(() => multinomial(p([1, 2]), 0, 2, 1, true, g)).toThrow(/multinomial: rows and cols/);
    // Validation happens before any draw.
    const h = new Generator(3);
    expect(() => multinomial(p([1, 1, 0, 0]), 2, 2, 1, true, h)).toThrow(RangeError);
    expect(drawsSinceSeed(h)).toBe(0);
  });

  it('randperm, fillNormal, fillUniform', () => {
    expect(() => randperm(-1, g)).toThrow(/randperm: n must be an integer/);
    expect(() => randperm(1.5, g)).toThrow(RangeError);
    expect(() => fillNormal(new Float32Array(4), g, 0, -1)).toThrow(/fillNormal: std must be >= 0, got -1/);
    expect(() => fillNormal(new Float32Array(4), g, NaN, 1)).toThrow(/fillNormal: mean must be a finite number/);
    expect(() => fillUniform(new Float32Array(4), g, 2, 1)).toThrow(/fillUniform: expects from <= to/);
    expect(() => fillUniform(new Float32Array(4), g, 0, Infinity)).toThrow(/fillUniform: to must be a finite number/);
  });
});

// ------------------------------------------------------------------------------------------------------

describe("CPython's random", () => {
  const py = fx.python_random;

  it('random.seed(42); random.shuffle(list(range(32033))) gives the makemore order', () => {
    const c = py.shuffle_32033;
    const words = Array.from({ length: 32033 }, (_, i) => i);
    new PythonRandom(c.seed).shuffle(words);
    expect(words.slice(0, 20)).toEqual(c.first20);
    expect(words.slice(-5)).toEqual(c.last5);
    expect(sha256(Int32Array.from(words))).toBe(c.sha256_int32le);
    const n1 = Math.trunc(0.8 * words.length);
    const n2 = Math.trunc(0.9 * words.length);
    expect([n1, n2 - n1, words.length - n2]).toEqual(py.split);
  });

  it('shuffles typed arrays in place', () => {
    const xs = Int32Array.from({ length: 10 }, (_, i) => i);
    const r = new PythonRandom(py.shuffle_10.seed);
    expect(r.shuffle(xs)).toBe(xs);
    expect(Array.from(xs)).toEqual(py.shuffle_10.out);
  });

  eachCase(py.random, (c) => `random() after seed(${c.seed})`, (c) => {
    const r = new PythonRandom(BigInt(c.seed));
    expect(Array.from({ length: 5 }, () => r.random())).toEqual(c.random);
  });

  it('getrandbits(k) for k up to 100', () => {
    const c = py.getrandbits;
    const r = new PythonRandom(c.seed);
    const got = c.ks.map((k: number) => (k <= 53 ? String(r.getrandbits(k)) : r.getrandbitsBigInt(k).toString()));
    expect(got).toEqual(c.values);
    expect(new PythonRandom(1).getrandbits(0)).toBe(0);
    expect(() => new PythonRandom(1).getrandbits(54)).toThrow(/PythonRandom\.getrandbits/);
  });

  it('randbelow(n) up to 2^53', () => {
    const c = py.randbelow;
    const r = new PythonRandom(c.seed);
    expect(c.ns.map((n: string) => String(r.randbelow(Number(n))))).toEqual(c.values);
  });

  it('rejects non-integer seeds', () => {
    expect(() => new PythonRandom(1.5)).toThrow(/PythonRandom\.seed/);
  });
});
