/** Constant fills: `torch.nn.init.constant_`, `zeros_`, `ones_`. */
import { noGrad, type Tensor } from '@poise/tensor';
import { checkTarget, describe } from './target';

/**
 * Fills `t` in place with `value` and returns it (`torch.nn.init.constant_`). Deterministic; works for
 * every dtype (the value is converted as `fill_` converts it). Typical use: a bias, or a normalization
 * layer's gain (`ones`) and shift (`zeros`).
 *
 * Formula: t[i] = value. No paper: a constant weight makes every unit of a layer compute the same thing
 * (the symmetry random initialization breaks), so use it for biases and norm parameters only.
 */
export function constant<T extends Tensor>(t: T, value: number): T {
  checkTarget('constant', t, false);
  if (typeof value !== 'number') throw new TypeError(`constant: value must be a number, got ${describe(value)}`);
  noGrad(() => t.fill_(value));
  return t;
}

/** Fills `t` with 0 in place and returns it (`torch.nn.init.zeros_`). */
export function zeros<T extends Tensor>(t: T): T {
  checkTarget('zeros', t, false);
  noGrad(() => t.zero_());
  return t;
}

/** Fills `t` with 1 in place and returns it (`torch.nn.init.ones_`). */
export function ones<T extends Tensor>(t: T): T {
  checkTarget('ones', t, false);
  noGrad(() => t.fill_(1));
  return t;
}
