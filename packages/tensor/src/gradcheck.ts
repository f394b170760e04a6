/**
 * Compares analytic gradients (backward) with central finite differences in float64, like
 * `torch.autograd.gradcheck`. Every differentiable op of the library is covered by it in the tests.
 */
import { noGrad } from './autograd/grad-mode';
import { fromTypedArray } from './creation';
import { fmtShape } from './shape';
import { Tensor } from './tensor';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Return false instead of throwing on a mismatch. */
  raiseException?: boolean;
}

/**
 * Checks d(sum of fn(inputs) * v)/d(inputs) for every basis vector v of the output, i.e. the full Jacobian.
 * Inputs that require grad must be float64. Throws (or returns false) naming the input, the element and
 * both values at the first mismatch.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const raise = opts.raiseException ?? true;
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck: input ${i} is not a Tensor`);
    if (t.requiresGrad && t.dtype !== 'float64') {
      throw new TypeError(`gradcheck: input ${i} requires grad but is ${t.dtype}; finite differences need float64 inputs`);
    }
  });
  const diffIdx = inputs.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  if (diffIdx.length === 0) throw new RangeError('gradcheck: no input requires grad');

  const values = inputs.map((t) => t.toTypedArray() as Float64Array);
  const evalAt = (vals: readonly Float64Array[]): Float64Array =>
    noGrad(() => {
      const ts = inputs.map((t, i) => (t.requiresGrad ? fromTypedArray(vals[i].slice(), t.shape, 'float64') : t));
      const out = fn(...ts);
      return out.to('float64').toTypedArray() as Float64Array;
    });

  const out0 = fn(...inputs);
  if (!(out0 instanceof Tensor)) throw new TypeError('gradcheck: fn must return a Tensor');
  const nOut = out0.numel();
  const outShape = out0.shape;

  // Numerical Jacobian: one column per input element.
  const numerical: Float64Array[][] = diffIdx.map((i) => {
    const cols: Float64Array[] = [];
    for (let k = 0; k < values[i].length; k++) {
      const orig = values[i][k];
      values[i][k] = orig + eps;
      const plus = evalAt(values);
      values[i][k] = orig - eps;
      const minus = evalAt(values);
      values[i][k] = orig;
      const col = new Float64Array(nOut);
      for (let o = 0; o < nOut; o++) col[o] = (plus[o] - minus[o]) / (2 * eps);
      cols.push(col);
    }
    return cols;
  });

  // Analytic Jacobian: one backward per output element.
  for (let o = 0; o < nOut; o++) {
    for (const i of diffIdx) inputs[i].grad = null;
    const seed = new Float64Array(nOut);
    seed[o] = 1;
    const out = o === 0 ? out0 : fn(...inputs);
    if (!out.requiresGrad) {
      for (let a = 0; a < diffIdx.length; a++) {
        for (const col of numerical[a]) {
          if (Math.abs(col[o]) > atol) return fail(`gradcheck: output does not require grad, but the numerical gradient is ${col[o]}`);
        }
      }
      continue;
    }
    out.backward(fromTypedArray(seed, outShape, out.dtype));
    for (let a = 0; a < diffIdx.length; a++) {
      const t = inputs[diffIdx[a]];
      const g = t.grad === null ? new Float64Array(t.numel()) : (t.grad.toTypedArray() as Float64Array);
      for (let k = 0; k < g.length; k++) {
        const num = numerical[a][k][o];
        const ana = g[k];
        if (!(Math.abs(ana - num) <= atol + rtol * Math.abs(num))) {
          return fail(
            `gradcheck: Jacobian mismatch for output element ${o} (of shape ${fmtShape(outShape)}) with respect to input ${diffIdx[a]} ` +
              `(shape ${fmtShape(t.shape)}), element ${k}: numerical ${num}, analytical ${ana}`,
          );
        }
      }
    }
  }
  for (const i of diffIdx) inputs[i].grad = null;
  return true;

  function fail(msg: string): false {
    if (raise) throw new Error(msg);
    return false;
  }
}
