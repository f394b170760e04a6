/** Argument checking shared by the convolution and pooling ops: PyTorch's int-or-pair sizes and the NCHW input. */
import { fmtShape } from '../shape';
import { Tensor } from '../tensor';
import { checkFloat } from './core';

/** A size given for both spatial dims (`3`) or per dim (`[3, 2]` is [height, width]), as PyTorch's `_pair`. */
export type Size2 = number | readonly [number, number];

/**
 * Resolves an int-or-pair argument to [h, w], checking that both are integers >= `min`. `what` names the
 * argument in the error ("stride", "padding", ...), which says what was expected and what was given.
 */
export function pair(op: string, what: string, value: unknown, min: number): [number, number] {
  const v: unknown[] | null = typeof value === 'number' ? [value, value] : Array.isArray(value) ? value : null;
  if (v === null || v.length !== 2 || !v.every((e) => typeof e === 'number' && Number.isInteger(e))) {
    throw new TypeError(`${op}: ${what} must be an integer or a pair of integers [h, w], got ${show(value)}`);
  }
  const [h, w] = v as [number, number];
  if (h < min || w < min) {
    const rule = min === 0 ? 'non-negative' : min === 1 ? 'positive' : `at least ${min}`;
    throw new RangeError(`${op}: ${what} must be ${rule}, got ${show(value)}`);
  }
  return [h, w];
}

export function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/**
 * Checks a 3-D (unbatched [C, H, W]) or 4-D ([N, C, H, W]) float tensor and returns its 4-D form (a view) and
 * whether a batch dim was added. `nonEmpty`: pooling requires C, H, W > 0 (a 0 batch is allowed).
 */
export function nchw(op: string, x: unknown, nonEmpty: boolean): [Tensor, boolean] {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor, got ${typeof x}`);
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new RangeError(`${op}: expected a 3-D (unbatched [C, H, W]) or 4-D (batched [N, C, H, W]) input, got shape ${fmtShape(x.shape)}`);
  }
  checkFloat(op, x);
  if (nonEmpty && x.shape.slice(-3).some((s) => s === 0)) {
    throw new RangeError(`${op}: expected an input with non-zero channels, height and width (only the batch may be 0), got shape ${fmtShape(x.shape)}`);
  }
  return x.ndim === 3 ? [x.unsqueeze(0), true] : [x, false];
}
