/**
 * Random tensor constructors with PyTorch's signatures and PyTorch's exact streams: given the same
 * generator state, `randn([27, 10], { generator })` returns the very float32 values `torch.randn` does.
 */
import { allocArray, assertDType, isFloat, type DType } from './dtype';
import { checkShape, fmtShape, numelOf } from './shape';
import { finish, fromTypedArray, type TensorOptions } from './creation';
import { Generator, getDefaultGenerator } from './random/generator';
import * as dist from './random/distributions';
import { Tensor } from './tensor';

export interface RandomOptions extends TensorOptions {
  /** The generator to draw from; the module's default generator (seeded by `manualSeed`) otherwise. */
  generator?: Generator;
}

function gen(opts: RandomOptions | undefined, op: string): Generator {
  const g = opts?.generator;
  if (g === undefined) return getDefaultGenerator();
  if (!(g instanceof Generator)) throw new TypeError(`${op}: generator must be a Generator`);
  return g;
}

function floatDType(opts: RandomOptions | undefined, op: string): 'float32' | 'float64' {
  const dt = opts?.dtype === undefined ? 'float32' : assertDType(opts.dtype, op);
  if (!isFloat(dt)) throw new TypeError(`${op}: expected a floating point dtype (float32 or float64), got ${dt}`);
  return dt;
}

/** Standard normal samples: `torch.randn(shape, generator=g)`. */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const s = checkShape(shape, 'randn');
  const dtype = floatDType(opts, 'randn');
  const out = allocArray(dtype, numelOf(s)) as Float32Array | Float64Array;
  dist.fillNormal(out, gen(opts, 'randn'));
  return finish(fromTypedArray(out, s, dtype), opts);
}

/** Uniform samples in [0, 1): `torch.rand(shape, generator=g)`. */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const s = checkShape(shape, 'rand');
  const dtype = floatDType(opts, 'rand');
  const out = allocArray(dtype, numelOf(s)) as Float32Array | Float64Array;
  dist.fillUniform(out, gen(opts, 'rand'));
  return finish(fromTypedArray(out, s, dtype), opts);
}

/** Integers uniform in [low, high): `torch.randint(low, high, shape, generator=g)`; int32 by default. */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const s = checkShape(shape, 'randint');
  const dtype: DType = opts.dtype === undefined ? 'int32' : assertDType(opts.dtype, 'randint');
  if (dtype === 'bool') throw new TypeError('randint: bool is not a valid dtype; use int32, float32 or float64');
  const out = allocArray(dtype, numelOf(s)) as Int32Array | Float32Array | Float64Array;
  try {
    dist.fillRandint(out, low, high, gen(opts, 'randint'));
  } catch (e) {
    // The bounds are validated by the kernel; name the op the user called, not the kernel.
    if (e instanceof RangeError && e.message.startsWith('fillRandint:')) throw new RangeError(`randint:${e.message.slice('fillRandint:'.length)}`);
    throw e;
  }
  return finish(fromTypedArray(out, s, dtype), opts);
}

export interface MultinomialOptions {
  replacement?: boolean;
  generator?: Generator;
}

/**
 * Samples category indices from the rows of `probs` (1-D or 2-D, non-negative, not necessarily
 * normalised): `torch.multinomial(probs, numSamples, replacement, generator=g)`. Returns int32.
 */
export function multinomial(probs: Tensor, numSamples: number, opts: MultinomialOptions = {}): Tensor {
  if (!(probs instanceof Tensor)) throw new TypeError('multinomial: probs must be a Tensor');
  if (!isFloat(probs.dtype)) throw new TypeError(`multinomial: probs must be a floating point tensor, got ${probs.dtype}`);
  if (probs.ndim !== 1 && probs.ndim !== 2) {
    throw new RangeError(`multinomial: prob_dist must be 1 or 2 dim, got shape ${fmtShape(probs.shape)}`);
  }
  if (!Number.isInteger(numSamples) || numSamples <= 0) {
    throw new RangeError(`multinomial: numSamples must be a positive integer, got ${numSamples}`);
  }
  const rows = probs.ndim === 2 ? probs.shape[0] : 1;
  const cols = probs.shape[probs.ndim - 1];
  const values = probs.toTypedArray() as Float32Array | Float64Array;
  const g = opts.generator === undefined ? getDefaultGenerator() : gen({ generator: opts.generator }, 'multinomial');
  const idx = dist.multinomial(values, rows, cols, numSamples, opts.replacement ?? false, g);
  return fromTypedArray(idx, probs.ndim === 2 ? [rows, numSamples] : [numSamples], 'int32');
}

/** A random permutation of 0..n-1: `torch.randperm(n, generator=g)`; int32 by default. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new RangeError(`randperm: n must be a non-negative integer, got ${String(n)}`);
  const dtype: DType = opts.dtype === undefined ? 'int32' : assertDType(opts.dtype, 'randperm');
  if (dtype === 'bool') throw new TypeError('randperm: bool is not a valid dtype');
  const t = fromTypedArray(dist.randperm(n, gen(opts, 'randperm')), [n], 'int32');
  return finish(dtype === 'int32' ? t : t.to(dtype), opts);
}
