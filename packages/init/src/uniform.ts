/** Uniform initialization, `torch.nn.init.uniform_`. */
import { rng, type Tensor } from '@poise/tensor';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Fills `t` in place with values drawn from U(a, b) and returns it (`torch.nn.init.uniform_(t, a, b)`):
 * `x = u * (b - a) + a` with u in [0, 1) from the generator, computed in t's dtype exactly as torch's
 * `uniform_` kernel does, so the same generator state gives the same bits as PyTorch 1.13.
 *
 * Any shape (a weight `[out, in]`, a bias `[out]`, ...); float32 or float64. `a <= b` is required.
 *
 * No paper of its own: U(a, b) has mean (a + b) / 2 and variance (b - a)^2 / 12; the variance-scaling
 * initializers ({@link xavierUniform}, {@link kaimingUniform}) are this with a = -b and b from the fans.
 */
export function uniform<T extends Tensor>(t: T, a = 0, b = 1, opts: GeneratorOptions = {}): T {
  checkTarget('uniform', t, true);
  checkFinite('uniform', 'a', a);
  checkFinite('uniform', 'b', b);
  if (!(a <= b)) throw new RangeError(`uniform: expects a <= b to draw from [a, b), got a=${a} > b=${b}`);
  if (t.dtype === 'float32' && Math.fround(b) - Math.fround(a) > FLOAT32_MAX) {
    throw new RangeError(`uniform: b - a = ${b - a} overflows float32`);
  }
  const gen = generatorOf('uniform', opts);
  return writeValues(t, rng.fillUniform(floatValuesFor(t), gen, a, b));
}
