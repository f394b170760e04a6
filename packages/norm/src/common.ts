/**
 * What every layer of the package shares: argument checks that name the layer, the shape and what was
 * expected; PyTorch's printing of settings for `extraRepr()`; machine epsilon per dtype; the in-place
 * update of running statistics; and the recording of a fused backward.
 */
import { Tensor, adoptArray, allocValues, customOp, fmtShape, noGrad, readValues, type FloatDType, type TypedArray } from '@poise/tensor';

/** The float storage a kernel writes: the output's own typed array, adopted without a copy. */
export type FloatArray = Float32Array | Float64Array;

/** Throws unless `x` is a float32 or float64 tensor; returns its dtype. */
export function checkFloatInput(layer: string, x: unknown): FloatDType {
  if (!(x instanceof Tensor)) {
    throw new TypeError(`${layer}: expected the input to be a Tensor, got ${x === null ? 'null' : typeof x}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new TypeError(`${layer}: expected a floating point input (float32 or float64), got a tensor of dtype ${x.dtype} and shape ${fmtShape(x.shape)}`);
  }
  return x.dtype;
}

/**
 * Checks an affine parameter (weight or bias) or a running statistic: a tensor of exactly `shape` and, for
 * parameters, of the input's dtype (a kernel reads it with the input's precision, and the gradient it
 * returns has the parameter's dtype). Null passes (the parameter is absent).
 */
export function checkAux(layer: string, what: string, t: Tensor | null | undefined, shape: readonly number[], dtype: FloatDType | null): void {
  if (t === null || t === undefined) return;
  if (!(t instanceof Tensor)) throw new TypeError(`${layer}: ${what} must be a Tensor or null, got ${typeof t}`);
  if (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i])) {
    throw new RangeError(`${layer}: ${what} should have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  }
  if (dtype !== null && t.dtype !== dtype) {
    throw new TypeError(`${layer}: ${what} is ${t.dtype} but the input is ${dtype}; convert one of them (module.to('${dtype}'))`);
  }
  if (dtype === null && t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TypeError(`${layer}: ${what} must be float32 or float64, got ${t.dtype}`);
  }
}

/** Checks a positive integer constructor argument (a channel or group count). */
export function checkCount(layer: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${layer}: ${what} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

/** Checks `eps` (a small positive number) and `momentum` (a number in [0, 1], or null where allowed). */
export function checkEps(layer: string, eps: unknown): number {
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new RangeError(`${layer}: eps must be a non-negative number, got ${String(eps)}`);
  }
  return eps;
}

export function checkMomentum(layer: string, momentum: unknown, allowNull: boolean): number | null {
  if (momentum === null && allowNull) return null;
  if (typeof momentum !== 'number' || !Number.isFinite(momentum) || momentum < 0 || momentum > 1) {
    throw new RangeError(`${layer}: momentum must be a number in [0, 1]${allowNull ? ' or null (cumulative moving average)' : ''}, got ${String(momentum)}`);
  }
  return momentum;
}

/** `normalizedShape` as given to LayerNorm and RMSNorm: one int or a list of positive ints. */
export function normalizedShapeOf(layer: string, shape: number | readonly number[]): number[] {
  const s = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...shape] : null;
  if (s === null || s.length === 0 || s.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new RangeError(`${layer}: normalizedShape must be a positive integer or a non-empty list of them, got ${JSON.stringify(shape)}`);
  }
  return s;
}

/** Throws unless the input's trailing dims are `normalizedShape` (LayerNorm, RMSNorm). Returns [rows, M]. */
export function checkTrailing(layer: string, x: Tensor, normalizedShape: readonly number[]): [number, number] {
  const k = normalizedShape.length;
  const lead = x.shape.length - k;
  if (lead < 0 || normalizedShape.some((d, i) => x.shape[lead + i] !== d)) {
    throw new RangeError(
      `${layer}: given normalizedShape=${fmtShape(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(', ')}], ` +
        `but got input of shape ${fmtShape(x.shape)}`,
    );
  }
  let m = 1;
  for (const d of normalizedShape) m *= d;
  let rows = 1;
  for (let i = 0; i < lead; i++) rows *= x.shape[i];
  return [rows, m];
}

/** Machine epsilon of a float dtype (`torch.finfo(dtype).eps`), RMSNorm's default eps since PyTorch 2.4. */
export function machineEpsilon(dtype: FloatDType): number {
  return dtype === 'float32' ? 2 ** -23 : 2 ** -52;
}

/**
 * A number as Python's `repr(float)` writes it (`1e-05`, `0.1`, `1.0`), so `extraRepr()` reads like
 * PyTorch's. Both languages print the shortest digits that round-trip; they differ in where they switch to
 * exponent notation (Python: exponent < -4 or >= 16) and in how they write it.
 */
export function pyFloat(v: number | null): string {
  if (v === null) return 'None';
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, expText] = v.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const mag = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${mag < 10 ? '0' : ''}${mag}`;
  }
  const s = String(v);
  return s.includes('.') ? s : `${s}.0`;
}

export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** A shape as a Python tuple: `(200,)`, `(3, 4)`. */
export function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The values of an optional tensor as a typed array (null when absent), without a copy where possible. */
export function valuesOrNull(t: Tensor | null | undefined): TypedArray | null {
  return t === null || t === undefined ? null : readValues(t);
}

/** The product of `shape[from:]` (the spatial size of an [N, C, *] input when `from` is 2). */
export function prodFrom(shape: readonly number[], from: number): number {
  let p = 1;
  for (let i = from; i < shape.length; i++) p *= shape[i];
  return p;
}

/**
 * Blends batch statistics into running statistics in place, as PyTorch does:
 * `running = (1 - momentum) * running + momentum * batch`, with the batch variance unbiased.
 *
 * In place (`copy_` under `noGrad`) rather than `setBuffer` with a new tensor, because PyTorch's buffers are
 * updated in place and code relies on it: a `stateDict()` taken earlier shares storage with the module and
 * sees the new values, a functional caller's own `runningMean` tensor is the one updated, and a diagnostics
 * hook that holds the buffer keeps watching the live statistics. The arithmetic is done in float64 (as
 * PyTorch's CPU kernel does for float32) and rounded once on the way into the buffer's dtype. `noGrad` keeps
 * the update out of any graph; the version bump it makes is what PyTorch does too.
 */
export function updateRunningStats(
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  batchMean: Float64Array,
  batchVar: Float64Array,
  momentum: number,
): void {
  noGrad(() => {
    if (runningMean !== null) blendInto(runningMean, batchMean, momentum);
    if (runningVar !== null) blendInto(runningVar, batchVar, momentum);
  });
}

function blendInto(buffer: Tensor, batch: Float64Array, momentum: number): void {
  const old = readValues(buffer);
  const next = allocValues(buffer.dtype, batch.length) as FloatArray;
  const keep = 1 - momentum;
  for (let c = 0; c < batch.length; c++) next[c] = momentum * batch[c] + keep * old[c];
  buffer.copy_(adoptArray(next, buffer.shape));
}

/** A new zero-filled float array of `dtype` (the output of a kernel, later adopted by a tensor). */
export function floatArray(dtype: FloatDType, size: number): FloatArray {
  return allocValues(dtype, size) as FloatArray;
}

/** A fused backward kernel: fills the gradients asked for (non-null arrays) from the values of x and dy. */
export type AffineBackwardKernel = (
  xs: TypedArray, gs: TypedArray, w: TypedArray | null, dx: FloatArray | null, dw: FloatArray | null, db: FloatArray | null,
) => void;

/**
 * Records the fused backward of `y = normalize(x) * weight + bias` (weight and bias optional) under
 * `nodeName`: the node's inputs are x, weight and bias (those present), and `kernel` computes dx, dweight
 * and dbias in one go, in the input's dtype, for those that require grad.
 */
export function attachAffineBackward(
  nodeName: string, x: Tensor, weight: Tensor | null, bias: Tensor | null, y: Tensor, dtype: FloatDType,
  kernel: AffineBackwardKernel,
): Tensor {
  const inputs: Tensor[] = [x];
  if (weight !== null) inputs.push(weight);
  if (bias !== null) inputs.push(bias);
  return customOp(nodeName, inputs, y, (g) => {
    const gs = readValues(g.dtype === dtype ? g : noGrad(() => g.to(dtype)));
    const dx = x.requiresGrad ? floatArray(dtype, gs.length) : null;
    const dw = weight !== null && weight.requiresGrad ? floatArray(dtype, weight.numel()) : null;
    const db = bias !== null && bias.requiresGrad ? floatArray(dtype, bias.numel()) : null;
    kernel(readValues(x), gs, valuesOrNull(weight), dx, dw, db);
    const grads: (Tensor | null)[] = [dx === null ? null : adoptArray(dx, x.shape)];
    if (weight !== null) grads.push(dw === null ? null : adoptArray(dw, weight.shape));
    if (bias !== null) grads.push(db === null ? null : adoptArray(db, bias.shape));
    return grads;
  }, weight === null ? [x] : [x, weight]);
}
