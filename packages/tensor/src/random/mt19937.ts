/**
 * The 32-bit Mersenne Twister, exactly as PyTorch's `at::mt19937` (ATen/core/MT19937RNGEngine.h)
 * and CPython's `_randommodule.c` run it.
 *
 * The engine keeps torch's own bookkeeping (`left_` and `next_`) rather than a single index, so that a
 * state read out of `torch.Generator.get_state()` can be loaded back without any translation and
 * `getState()` produces the same fields torch would:
 *
 * - after `init_genrand` torch sets `left = 1, next = 0`, so the first draw twists;
 * - every draw decrements `left`, twists when it reaches 0 (which resets `left = 624, next = 0`), and
 *   then returns the tempered word `state[next++]`.
 *
 * CPython's `mti` index is the same machine (mti = 624 before the first draw), so `PythonRandom`
 * reuses this class through `initByArray`.
 */

/** Number of 32-bit words in the state (`MERSENNE_STATE_N`). */
export const MT_N = 624;
/** The twist offset (`MERSENNE_STATE_M`). */
export const MT_M = 397;

const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** A plain copy of the engine's data (`at::mt19937_data_pod` minus the seed). */
export interface MT19937Data {
  /** The 624 state words. */
  readonly state: Uint32Array;
  /** torch's `left_`: draws remaining before the next twist, plus one. Always in 1..624. */
  readonly left: number;
  /** torch's `next_`: index of the word the next draw tempers. Always in 0..624. */
  readonly next: number;
}

export class MT19937 {
  /** The state words; exposed for state save/restore, not for mutation. */
  readonly state = new Uint32Array(MT_N);
  /** See {@link MT19937Data.left}. */
  left = 1;
  /** See {@link MT19937Data.next}. */
  next = 0;

  constructor(seed = 5489) {
    this.seedLow32(seed >>> 0);
  }

  /**
   * Knuth's `init_genrand`: the only seeding torch uses. torch keeps just the low 32 bits of its uint64
   * seed here (`data_.state_[0] = seed & 0xffffffff`), so callers pass `seed mod 2^32`.
   */
  seedLow32(seed32: number): this {
    const mt = this.state;
    mt[0] = seed32 >>> 0;
    for (let i = 1; i < MT_N; i++) {
      const prev = mt[i - 1];
      // Math.imul gives the low 32 bits of the product, which is all the recurrence keeps.
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    return this;
  }

  /**
   * CPython's `init_by_array` (Modules/_randommodule.c), used by `random.seed(int)`: `init_genrand(19650218)`
   * followed by two mixing passes over the key words.
   */
  initByArray(key: ArrayLike<number>): this {
    const mt = this.state;
    this.seedLow32(19650218);
    const len = Math.max(key.length, 1);
    let i = 1;
    let j = 0;
    for (let k = Math.max(MT_N, len); k > 0; k--) {
      const prev = mt[i - 1];
      const word = j < key.length ? key[j] >>> 0 : 0;
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + word + j) >>> 0;
      i++;
      j++;
      if (i >= MT_N) {
        mt[0] = mt[MT_N - 1];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = MT_N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= MT_N) {
        mt[0] = mt[MT_N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
    this.left = 1;
    this.next = 0;
    return this;
  }

  /** One tempered 32-bit output (`mt19937::operator()`), as an unsigned number. */
  nextU32(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all 624 words (`mt19937::next_state`). */
  twist(): void {
    const mt = this.state;
    let i = 0;
    for (; i < MT_N - MT_M; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + MT_M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < MT_N - 1; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + MT_M - MT_N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.left = MT_N;
    this.next = 0;
  }

  /** Advances the stream by `count` draws without tempering the skipped words. */
  discard(count: number): void {
    for (let k = 0; k < count; k++) {
      if (--this.left === 0) this.twist();
      this.next++;
    }
  }

  /** A snapshot of the engine (the state words are copied). */
  getData(): MT19937Data {
    return { state: this.state.slice(), left: this.left, next: this.next };
  }

  /**
   * Restores a snapshot. Throws a RangeError when `left`/`next` could make a later draw read past the
   * end of the state: torch's own check (`mt19937::is_valid`) only bounds each field separately.
   */
  setData(data: MT19937Data): this {
    const problem = MT19937.validate(data);
    if (problem !== null) throw new RangeError(`MT19937.setData: ${problem}`);
    this.state.set(data.state);
    this.left = data.left;
    this.next = data.next;
    return this;
  }

  /** An independent engine in the same position. */
  clone(): MT19937 {
    const copy = new MT19937(0);
    copy.state.set(this.state);
    copy.left = this.left;
    copy.next = this.next;
    return copy;
  }

  /** Describes what is wrong with `data`, or returns null when it is a usable engine state. */
  static validate(data: { state: ArrayLike<number>; left: number; next: number }): string | null {
    const { state, left, next } = data;
    if (state.length !== MT_N) return `state must hold ${MT_N} words, got ${state.length}`;
    for (let i = 0; i < MT_N; i++) {
      const w = state[i];
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
        return `state word ${i} is not a uint32: ${String(w)}`;
      }
    }
    if (!Number.isInteger(left) || left < 1 || left > MT_N) {
      return `left must be an integer in 1..${MT_N}, got ${String(left)}`;
    }
    if (!Number.isInteger(next) || next < 0 || next > MT_N) {
      return `next must be an integer in 0..${MT_N}, got ${String(next)}`;
    }
    // The draws before the next twist read state[next .. next + left - 2].
    if (left > 1 && next + left > MT_N + 1) {
      return `left (${left}) and next (${next}) would read past the end of the state`;
    }
    let allZero = true;
    for (let i = 0; i < MT_N && allZero; i++) allZero = state[i] === 0;
    if (allZero) return 'state is all zeros, which the twist never leaves';
    return null;
  }
}
