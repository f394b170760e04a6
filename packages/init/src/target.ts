/**
 * The tensor an initializer writes into: argument checks shared by every initializer, and the one way
 * values get into it.
 *
 * Values are computed into a fresh typed array in row-major order and written with `t.copy_()` inside
 * `noGrad`. That works on a leaf that requires grad (a `Parameter`), keeps the tensor's identity (a
 * `Parameter` stays a `Parameter`, views keep sharing storage) and bumps the storage's version counter, so a
 * graph that saved the old values reports the change at backward time, as PyTorch does.
 */
import { Generator, Tensor, adoptArray, allocValues, getDefaultGenerator, noGrad, type TypedArray } from '@poise/tensor';

/** The float storage the random initializers fill (what `rng.fillUniform`/`rng.fillNormal` take). */
export type FloatArray = Float32Array | Float64Array;

/** The `generator` option every random initializer accepts. */
export interface GeneratorOptions {
  /**
   * The generator to draw from. Default: `@poise/tensor`'s default generator, the one `manualSeed(s)`
   * seeds (torch's `torch.manual_seed`), which is also what every `torch.nn.init` function draws from.
   */
  generator?: Generator;
}

/** Throws unless `t` is a Tensor; with `floatOnly`, unless it is float32 or float64. */
export function checkTarget(op: string, t: unknown, floatOnly: boolean): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new TypeError(`${op}: expected a Tensor to initialize, got ${describe(t)}`);
  }
  if (floatOnly && t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TypeError(`${op}: expected a floating point tensor (float32 or float64), got ${t.dtype}`);
  }
}

/** The generator from `opts`, or the default one. */
export function generatorOf(op: string, opts: GeneratorOptions | undefined): Generator {
  const g = opts?.generator;
  if (g === undefined) return getDefaultGenerator();
  if (!(g instanceof Generator)) throw new TypeError(`${op}: generator must be a Generator from @poise/tensor, got ${describe(g)}`);
  return g;
}

/** Throws unless `value` is a finite number. */
export function checkFinite(op: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${op}: ${name} must be a finite number, got ${describe(value)}`);
  }
}

/** A zeroed row-major array for `t`'s values (float32 or float64). */
export function floatValuesFor(t: Tensor): FloatArray {
  const n = t.numel();
  return t.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** A zeroed row-major array of `t`'s own dtype (any dtype). */
export function valuesFor(t: Tensor): TypedArray {
  return allocValues(t.dtype, t.numel());
}

/**
 * Writes row-major `values` (an array of `t`'s dtype, from {@link valuesFor} or {@link floatValuesFor})
 * into `t` in place, under noGrad, bumping its version; returns `t`.
 */
export function writeValues<T extends Tensor>(t: T, values: TypedArray): T {
  const source = adoptArray(values, t.shape, t.dtype);
  noGrad(() => t.copy_(source));
  return t;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Tensor) return `a ${value.dtype} Tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'number' ? String(v) : typeof v)).join(', ')}]`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
