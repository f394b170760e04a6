/**
 * CPython's `random` module (Modules/_randommodule.c and Lib/random.py, 3.x), bit-exact for integer
 * seeds. makemore splits its words with `random.seed(42); random.shuffle(words)`, which is not torch's
 * generator at all: CPython seeds mt19937 with `init_by_array` over the 32-bit words of |seed|, and
 * `shuffle` walks from the end with `_randbelow`'s rejection sampling.
 */
import { randomFillSync } from 'node:crypto';

import { MT19937 } from './mt19937';

const TWO_POW_32 = 4294967296;

/** A mutable array-like that `shuffle` can permute in place. */
export interface ShuffleTarget<T> {
  length: number;
  [index: number]: T;
}

export class PythonRandom {
  private readonly mt = new MT19937(0);

  /** `random.Random(seed)`; without a seed, a non-deterministic one from the OS (like `random.Random()`). */
  constructor(seed?: number | bigint) {
    if (seed === undefined) {
      const words = new Uint32Array(4);
      randomFillSync(words);
      this.mt.initByArray(words);
    } else {
      this.seed(seed);
    }
  }

  /**
   * `random.seed(a)` for an integer `a` (`random_seed` in _randommodule.c): the key is |a| split into
   * 32-bit words, least significant first (`[0]` for 0), fed to `init_by_array`. Seeds of any size work.
   */
  seed(a: number | bigint): this {
    let n: bigint;
    if (typeof a === 'bigint') {
      n = a;
    } else if (typeof a === 'number' && Number.isInteger(a)) {
      n = BigInt(a);
    } else {
      throw new RangeError(`PythonRandom.seed: seed must be an integer (number or bigint), got ${String(a)}`);
    }
    if (n < 0n) n = -n;
    const key: number[] = [];
    do {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    } while (n > 0n);
    this.mt.initByArray(key);
    return this;
  }

  /** One 32-bit draw (`genrand_uint32`). */
  nextU32(): number {
    return this.mt.nextU32();
  }

  /** `random.random()`: 53 bits from two draws, `(a*2^26 + b) / 2^53` with a = u>>5, b = u>>6. */
  random(): number {
    const a = this.mt.nextU32() >>> 5;
    const b = this.mt.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * `random.getrandbits(k)` for 0 <= k <= 53 as a number. CPython fills 32-bit words from the least
   * significant end and drops the low bits of the last (most significant) word.
   */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 53) {
      throw new RangeError(`PythonRandom.getrandbits: k must be an integer in [0, 53], got ${String(k)} (use getrandbitsBigInt)`);
    }
    return this.bits(k);
  }

  /**
   * getrandbits for 0 <= k <= 54 without validation. For k = 54 (only `randbelow(2^53)` asks) values of
   * 2^53 and above may round, but they stay >= 2^53, so the rejection test is unaffected.
   */
  private bits(k: number): number {
    if (k === 0) return 0;
    if (k <= 32) return this.mt.nextU32() >>> (32 - k);
    const low = this.mt.nextU32();
    const high = this.mt.nextU32() >>> (64 - k);
    return high * TWO_POW_32 + low;
  }

  /** `random.getrandbits(k)` for any k >= 0, as a bigint. */
  getrandbitsBigInt(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) {
      throw new RangeError(`PythonRandom.getrandbitsBigInt: k must be a non-negative integer, got ${String(k)}`);
    }
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32, shift += 32n) {
      let word = this.mt.nextU32();
      if (left < 32) word >>>= 32 - left;
      result |= BigInt(word) << shift;
    }
    return result;
  }

  /**
   * `Random._randbelow(n)` (`_randbelow_with_getrandbits`): draw k = bit_length(n) bits until the value is
   * below n. Returns 0 for n = 0, like CPython. Valid for 0 <= n <= 2^53.
   */
  randbelow(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n > 9007199254740992) {
      throw new RangeError(`PythonRandom.randbelow: n must be an integer in [0, 2^53], got ${String(n)}`);
    }
    if (n === 0) return 0;
    const k = bitLength(n);
    let r = this.bits(k);
    while (r >= n) r = this.bits(k);
    return r;
  }

  /**
   * `random.shuffle(x)` in place: for i from len-1 down to 1, swap x[i] with x[randbelow(i + 1)].
   * Returns the same array.
   */
  shuffle<A extends ShuffleTarget<unknown>>(x: A): A {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }
}

/** Python's `int.bit_length()` for 1 <= n <= 2^53. */
function bitLength(n: number): number {
  if (n < TWO_POW_32) return 32 - Math.clz32(n);
  return 32 + (32 - Math.clz32(Math.floor(n / TWO_POW_32)));
}
