/**
 * Fan-in and fan-out: how many inputs feed one output unit and how many outputs one input unit feeds.
 * Every variance-preserving initializer divides by one of them; this file is the one place that computes
 * them, with PyTorch's rule (`torch.nn.init._calculate_fan_in_and_fan_out`).
 */
import { Tensor } from '@poise/tensor';
import { describe } from './target';

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** Which fan a variance-preserving initializer divides by. `'fan_in'`/`'fan_out'` are PyTorch's spellings. */
export type FanMode = 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';

/**
 * `{ fanIn, fanOut }` of a weight of the given shape (or of a tensor), in PyTorch's weight layout:
 *
 * - linear `[out, in]`: fanIn = in, fanOut = out;
 * - convolution `[out, in/groups, k1, k2, ...]`: with the receptive field r = k1 * k2 * ...,
 *   fanIn = (in/groups) * r and fanOut = out * r (a transposed convolution's weight is
 *   `[in, out/groups, ...]`, so its "fanIn" is computed from dim 1 all the same, as PyTorch does).
 *
 * Fewer than 2 dimensions is a RangeError: a bias or a 1-D tensor has no fan.
 */
export function fans(shape: readonly number[] | Tensor): Fans {
  const dims = shapeOf('fans', shape);
  if (dims.length < 2) {
    throw new RangeError(
      `fans: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, got shape [${dims.join(', ')}]`,
    );
  }
  let receptive = 1;
  for (let i = 2; i < dims.length; i++) receptive *= dims[i];
  return { fanIn: dims[1] * receptive, fanOut: dims[0] * receptive };
}

/** The fan selected by `mode` (PyTorch's `_calculate_correct_fan`); `mode` is checked before the shape. */
export function fanFor(shape: readonly number[] | Tensor, mode: FanMode, op = 'fanFor'): number {
  const m = normalizeMode(mode, op);
  const f = fans(shape);
  return m === 'fanIn' ? f.fanIn : f.fanOut;
}

/** Accepts `fanIn`/`fanOut` and PyTorch's `fan_in`/`fan_out` (any letter case, as PyTorch lowercases). */
export function normalizeMode(mode: unknown, op: string): 'fanIn' | 'fanOut' {
  if (typeof mode === 'string') {
    const m = mode.toLowerCase();
    if (m === 'fanin' || m === 'fan_in') return 'fanIn';
    if (m === 'fanout' || m === 'fan_out') return 'fanOut';
  }
  throw new RangeError(`${op}: mode must be 'fanIn' or 'fanOut' (or PyTorch's 'fan_in', 'fan_out'), got ${describe(mode)}`);
}

function shapeOf(op: string, shape: readonly number[] | Tensor): readonly number[] {
  if (shape instanceof Tensor) return shape.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${op}: expected a Tensor or a shape (an array of non-negative integers), got ${describe(shape)}`);
  }
  return shape;
}
