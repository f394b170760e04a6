/** Identity initialization, `torch.nn.init.eye_`. */
import type { Tensor } from '@poise/tensor';
import { checkTarget, valuesFor, writeValues } from './target';

/**
 * Fills the 2-D tensor `t` with the identity matrix in place and returns it (`torch.nn.init.eye_`):
 * `t[i][j] = (i == j ? 1 : 0)`, for non-square shapes too. For a linear weight `[out, in]` this makes the
 * layer pass its first min(out, in) inputs through unchanged (the "identity RNN" initialisation of
 * Le, Jaitly & Hinton 2015 uses it for recurrent weights). Any other rank is a RangeError.
 *
 * Paper: Le, Jaitly & Hinton 2015, "A Simple Way to Initialize Recurrent Networks of Rectified Linear
 * Units" (https://arxiv.org/abs/1504.00941).
 */
export function eye<T extends Tensor>(t: T): T {
  checkTarget('eye', t, false);
  if (t.ndim !== 2) throw new RangeError(`eye: only tensors with 2 dimensions are supported, got shape [${t.shape.join(', ')}]`);
  const [rows, cols] = t.shape;
  const values = valuesFor(t);
  const n = Math.min(rows, cols);
  for (let i = 0; i < n; i++) values[i * cols + i] = 1;
  return writeValues(t, values);
}
