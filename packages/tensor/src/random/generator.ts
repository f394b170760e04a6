/**
 * A random-number generator bit-compatible with PyTorch's CPU generator (`at::CPUGeneratorImpl`,
 * aten/src/ATen/CPUGeneratorImpl.cpp): an mt19937 engine, a uint64 seed, and the cached second value of
 * the scalar Box-Muller transform. Seeding, raw draws, uniforms and the cached normal follow
 * ATen/core/DistributionsHelper.h and ATen/core/TransformationHelper.h; see shared/torch-rng.md.
 */
import { randomFillSync } from 'node:crypto';

import { libmLog, libmSincos } from './fma32';
import { MT19937, MT_N } from './mt19937';

/** `default_rng_seed_val` (c10/core/GeneratorImpl.h): the seed of `torch.Generator()`. */
export const DEFAULT_RNG_SEED = 67280421310721;

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);

/** sin/cos scratch for the scalar Box-Muller. */
const SINCOS = new Float64Array(2);

/** Size in bytes of torch's `CPUGeneratorImplState` (what `torch.get_rng_state()` returns). */
export const TORCH_STATE_BYTES = 5056;
// Byte offsets inside CPUGeneratorImplState (x86-64 layout, little-endian; CPUGeneratorImpl.cpp).
const OFF_SEED = 0; // uint64 the_initial_seed
const OFF_LEFT = 8; // int left
const OFF_SEEDED = 12; // int seeded
const OFF_NEXT = 16; // uint64 next
const OFF_MT = 24; // uint64 state[624]
const OFF_NORMAL_Y = OFF_MT + 8 * MT_N + 8; // double normal_y (after normal_x)
const OFF_NORMAL_VALID = OFF_NORMAL_Y + 16; // int normal_is_valid (after normal_rho)
const OFF_FLOAT_SAMPLE = 5048; // float next_float_normal_sample
const OFF_FLOAT_VALID = 5052; // bool is_next_float_normal_sample_valid

/**
 * A plain, JSON-serialisable snapshot of a {@link Generator}. Field names follow torch's state struct:
 * `left` and `index` are mt19937's `left_` and `next_`.
 */
export interface GeneratorState {
  readonly kind: 'mt19937';
  readonly version: 1;
  /** The uint64 seed as a decimal string (a JS number cannot hold every uint64). */
  readonly initialSeed: string;
  /** The 624 state words. */
  readonly mt: readonly number[];
  /** Draws until the next twist, plus one (1..624). */
  readonly left: number;
  /** Index of the next state word to temper (0..624). */
  readonly index: number;
  /** The cached second Box-Muller value (`next_double_normal_sample_`), or null. */
  readonly normalDouble: number | null;
  /** torch's `next_float_normal_sample_` (never set by torch 1.13's CPU kernels; kept for round trips). */
  readonly normalFloat: number | null;
}

/** Converts a user seed to torch's uint64 (negative seeds wrap, as `THPGenerator_manualSeed` does). */
function toUint64Seed(seed: number | bigint, where: string): bigint {
  let big: bigint;
  if (typeof seed === 'bigint') {
    big = seed;
  } else if (typeof seed === 'number') {
    if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
      throw new RangeError(`${where}: seed must be a finite integer, got ${String(seed)}`);
    }
    big = BigInt(seed);
  } else {
    throw new TypeError(`${where}: seed must be a number or bigint, got ${typeof seed}`);
  }
  if (big > UINT64_MAX || big < INT64_MIN) {
    throw new RangeError(
      `${where}: seed must be in [-2^63, 2^64 - 1] (torch unpacks it as uint64 or int64), got ${String(seed)}`,
    );
  }
  return BigInt.asUintN(64, big);
}

/** A non-deterministic 53-bit seed (torch reads 64 bits from /dev/urandom; 53 keep it a safe number). */
function cryptoSeed53(): number {
  const words = new Uint32Array(2);
  randomFillSync(words);
  return (words[0] & 0x1fffff) * TWO_POW_32 + words[1];
}

export class Generator {
  /** The mt19937 engine. Distribution kernels draw from it directly in their hot loops. */
  readonly engine = new MT19937(0);
  private seed64: bigint = 0n;
  private hasNormalDouble = false;
  private normalDoubleValue = 0;
  private hasNormalFloat = false;
  private normalFloatValue = 0;

  /** Like `torch.Generator().manual_seed(seed)`; without a seed, torch's default seed 67280421310721. */
  constructor(seed: number | bigint = DEFAULT_RNG_SEED) {
    this.manualSeed(seed);
  }

  /**
   * Seeds the engine (`CPUGeneratorImpl::set_current_seed`) and clears the cached normals. Any integer in
   * [-2^63, 2^64 - 1] is accepted; negative seeds wrap modulo 2^64 like torch's, and only the low 32 bits
   * reach mt19937's `init_genrand`.
   */
  manualSeed(seed: number | bigint): this {
    const s = toUint64Seed(seed, 'Generator.manualSeed');
    this.seed64 = s;
    this.engine.seedLow32(Number(s & 0xffffffffn));
    this.hasNormalDouble = false;
    this.hasNormalFloat = false;
    return this;
  }

  /** Seeds from the OS's CSPRNG (`CPUGeneratorImpl::seed`) and returns the seed used. */
  seed(): number {
    const s = cryptoSeed53();
    this.manualSeed(s);
    return s;
  }

  /** The seed last set, as a number (rounded above 2^53; see {@link initialSeedBigInt}). */
  initialSeed(): number {
    return Number(this.seed64);
  }

  /** The exact uint64 seed last set (`torch.Generator.initial_seed()`). */
  initialSeedBigInt(): bigint {
    return this.seed64;
  }

  /** An independent generator in the same state (`CPUGeneratorImpl::clone`). */
  clone(): Generator {
    const copy = new Generator(0);
    copy.setState(this.getState());
    return copy;
  }

  // --- raw draws ------------------------------------------------------------------------------------

  /** One 32-bit draw (`CPUGeneratorImpl::random`). */
  nextU32(): number {
    return this.engine.nextU32();
  }

  /**
   * The low 53 bits of `random64()` (`CPUGeneratorImpl::random64`: the FIRST draw is the high word), as
   * the float64 uniform uses them (`uniform_real` masks with 2^53 - 1).
   */
  random64Low53(): number {
    const hi = this.engine.nextU32();
    const lo = this.engine.nextU32();
    return (hi & 0x1fffff) * TWO_POW_32 + lo;
  }

  /** float32 uniform in [0, 1): low 24 bits of one draw times 2^-24 (`uniform_real<float>`). */
  uniformFloat32(): number {
    return (this.engine.nextU32() & 0xffffff) * TWO_POW_M24;
  }

  /** float64 uniform in [0, 1): low 53 bits of two draws times 2^-53 (`uniform_real<double>`). */
  uniformFloat64(): number {
    return this.random64Low53() * TWO_POW_M53;
  }

  /**
   * A standard normal from `at::normal_distribution<double>`: scalar Box-Muller with the second value
   * cached in the generator. The cache survives across calls and is shared by every caller of this
   * method (any dtype, any size); only `manualSeed`/`setState` clear it.
   */
  normalDouble(): number {
    if (this.hasNormalDouble) {
      this.hasNormalDouble = false;
      return this.normalDoubleValue;
    }
    const u1 = this.uniformFloat64();
    const u2 = this.uniformFloat64();
    const r = Math.sqrt(-2.0 * libmLog(1.0 - u2));
    libmSincos(2.0 * Math.PI * u1, SINCOS); // theta = 2 * pi * u1 (double pi)
    this.normalDoubleValue = r * SINCOS[0];
    this.hasNormalDouble = true;
    return r * SINCOS[1];
  }

  /** Whether a cached Box-Muller value is waiting (the next `normalDouble()` returns it without drawing). */
  hasCachedNormal(): boolean {
    return this.hasNormalDouble;
  }

  // --- state ----------------------------------------------------------------------------------------

  /** A JSON-serialisable snapshot (mt words, position, cached normals, seed). */
  getState(): GeneratorState {
    return {
      kind: 'mt19937',
      version: 1,
      initialSeed: this.seed64.toString(),
      mt: Array.from(this.engine.state),
      left: this.engine.left,
      index: this.engine.next,
      normalDouble: this.hasNormalDouble ? this.normalDoubleValue : null,
      normalFloat: this.hasNormalFloat ? this.normalFloatValue : null,
    };
  }

  /**
   * The state in torch's byte layout (`CPUGeneratorImplState`, 5056 bytes), byte-identical to
   * `torch.Generator.get_state()` for the same generator state.
   */
  getStateBytes(): Uint8Array {
    const bytes = new Uint8Array(TORCH_STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(OFF_SEED, this.seed64, true);
    view.setInt32(OFF_LEFT, this.engine.left, true);
    view.setInt32(OFF_SEEDED, 1, true);
    view.setBigUint64(OFF_NEXT, BigInt(this.engine.next), true);
    const mt = this.engine.state;
    for (let i = 0; i < MT_N; i++) view.setUint32(OFF_MT + 8 * i, mt[i], true); // high words stay 0
    if (this.hasNormalDouble) {
      view.setFloat64(OFF_NORMAL_Y, this.normalDoubleValue, true);
      view.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this.hasNormalFloat) {
      view.setFloat32(OFF_FLOAT_SAMPLE, this.normalFloatValue, true);
      bytes[OFF_FLOAT_VALID] = 1;
    }
    return bytes;
  }

  /**
   * Restores a state from {@link getState} (or its JSON round trip) or from torch's byte layout
   * ({@link getStateBytes}, `torch.Generator.get_state().numpy().tobytes()`). Validates everything before
   * changing anything; malformed input throws a TypeError or RangeError naming `Generator.setState`.
   */
  setState(state: GeneratorState | Uint8Array): this {
    const parsed = state instanceof Uint8Array ? parseStateBytes(state) : parseStateObject(state);
    this.seed64 = parsed.seed;
    this.engine.state.set(parsed.mt);
    this.engine.left = parsed.left;
    this.engine.next = parsed.next;
    this.hasNormalDouble = parsed.normalDouble !== null;
    this.normalDoubleValue = parsed.normalDouble ?? 0;
    this.hasNormalFloat = parsed.normalFloat !== null;
    this.normalFloatValue = parsed.normalFloat ?? 0;
    return this;
  }
}

interface ParsedState {
  seed: bigint;
  mt: Uint32Array;
  left: number;
  next: number;
  normalDouble: number | null;
  normalFloat: number | null;
}

const SET_STATE = 'Generator.setState';

function checkEngine(mt: ArrayLike<number>, left: number, next: number): void {
  const problem = MT19937.validate({ state: mt, left, next });
  if (problem !== null) throw new RangeError(`${SET_STATE}: ${problem}`);
}

function parseStateBytes(bytes: Uint8Array): ParsedState {
  if (bytes.length !== TORCH_STATE_BYTES) {
    throw new RangeError(
      `${SET_STATE}: expected ${TORCH_STATE_BYTES} bytes (torch's CPUGeneratorImplState), got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(OFF_SEEDED, true) === 0) {
    throw new RangeError(`${SET_STATE}: the state's 'seeded' flag is 0 (torch rejects it as invalid)`);
  }
  const mt = new Uint32Array(MT_N);
  for (let i = 0; i < MT_N; i++) {
    const word = view.getBigUint64(OFF_MT + 8 * i, true);
    if (word > 0xffffffffn) throw new RangeError(`${SET_STATE}: state word ${i} does not fit in 32 bits`);
    mt[i] = Number(word);
  }
  const left = view.getInt32(OFF_LEFT, true);
  const nextBig = view.getBigUint64(OFF_NEXT, true);
  const next = nextBig > BigInt(MT_N) ? -1 : Number(nextBig);
  checkEngine(mt, left, next);
  const normalDouble = view.getInt32(OFF_NORMAL_VALID, true) !== 0 ? view.getFloat64(OFF_NORMAL_Y, true) : null;
  const normalFloat = bytes[OFF_FLOAT_VALID] !== 0 ? view.getFloat32(OFF_FLOAT_SAMPLE, true) : null;
  return { seed: view.getBigUint64(OFF_SEED, true), mt, left, next, normalDouble, normalFloat };
}

function parseStateObject(state: GeneratorState): ParsedState {
  if (typeof state !== 'object' || state === null) {
    throw new TypeError(`${SET_STATE}: expected a GeneratorState object or a Uint8Array, got ${String(state)}`);
  }
  if (state.kind !== 'mt19937' || state.version !== 1) {
    throw new TypeError(`${SET_STATE}: not a version-1 mt19937 GeneratorState (kind/version mismatch)`);
  }
  if (typeof state.initialSeed !== 'string' || !/^[0-9]{1,20}$/.test(state.initialSeed)) {
    throw new TypeError(`${SET_STATE}: initialSeed must be a decimal uint64 string, got ${String(state.initialSeed)}`);
  }
  const seed = BigInt(state.initialSeed);
  if (seed > UINT64_MAX) throw new RangeError(`${SET_STATE}: initialSeed ${state.initialSeed} exceeds 2^64 - 1`);
  if (!Array.isArray(state.mt)) throw new TypeError(`${SET_STATE}: mt must be an array of ${MT_N} uint32 words`);
  checkEngine(state.mt, state.left, state.index);
  return {
    seed,
    mt: Uint32Array.from(state.mt),
    left: state.left,
    next: state.index,
    normalDouble: checkCached(state.normalDouble, 'normalDouble'),
    normalFloat: checkCached(state.normalFloat, 'normalFloat'),
  };
}

function checkCached(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${SET_STATE}: ${field} must be a finite number or null, got ${String(value)}`);
  }
  if (field === 'normalFloat' && Math.fround(value) !== value) {
    throw new RangeError(`${SET_STATE}: normalFloat must be a float32 value, got ${value}`);
  }
  return value;
}

/** torch's default CPU generator: seeded non-deterministically when the module loads. */
export const defaultGenerator: Generator = new Generator();
defaultGenerator.seed();

/** The generator the distribution functions use when none is given. */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/** `torch.manual_seed(seed)`: seeds the default generator and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
