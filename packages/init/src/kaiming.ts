/**
 * Kaiming (He) initialization: He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers: Surpassing
 * Human-Level Performance on ImageNet Classification". A ReLU zeroes half of its input, so to keep the
 * variance of the pre-activations constant through depth the weights need variance 2 / fan; in general
 * `std = gain / sqrt(fan)` with `gain = calculateGain(nonlinearity, a)`. `mode: 'fanIn'` preserves the
 * forward signal's variance, `'fanOut'` the backward gradient's.
 */
import { rng, type Tensor } from '@poise/tensor';
import { fanFor, normalizeMode, type FanMode } from './fans';
import { calculateGain, type Nonlinearity } from './gain';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

export interface KaimingOptions extends GeneratorOptions {
  /** The negative slope of the rectifier after this layer (only used with `'leaky_relu'`). Default 0. */
  a?: number;
  /** `'fanIn'` (default) or `'fanOut'`; PyTorch's `'fan_in'`/`'fan_out'` are accepted too. */
  mode?: FanMode;
  /** The nonlinearity after this layer. Default `'leaky_relu'`, which with a = 0 is ReLU's gain sqrt(2). */
  nonlinearity?: Nonlinearity;
}

/** `gain / sqrt(fan)` as PyTorch computes it, or null for a zero-element tensor (PyTorch's no-op). */
function kaimingStd(op: string, t: Tensor, opts: KaimingOptions): number | null {
  const a = opts.a ?? 0;
  checkFinite(op, 'a', a);
  const mode = normalizeMode(opts.mode ?? 'fanIn', op);
  const gain = calculateGain(opts.nonlinearity ?? 'leaky_relu', a);
  if (t.numel() === 0) return null; // torch warns "Initializing zero-element tensors is a no-op"
  return gain / Math.sqrt(fanFor(t.shape, mode, op));
}

/**
 * Fills `t` in place with U(-bound, bound), `bound = gain * sqrt(3 / fan)`, and returns it
 * (`torch.nn.init.kaiming_uniform_(t, a, mode, nonlinearity)`): PyTorch computes `std = gain / sqrt(fan)`
 * and `bound = sqrt(3) * std` in double, then `uniform_(-bound, bound)`; so does this, bit for bit.
 *
 * Weight layout: PyTorch's `[out, in]` for linear weights, `[out, in/groups, kH, kW]` for convolutions
 * (fans from {@link fans}). `nn.Linear`'s own default is this with `a = sqrt(5)`.
 *
 * Paper: He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers: Surpassing Human-Level Performance on
 * ImageNet Classification" (ICCV, https://arxiv.org/abs/1502.01852): Var(w) = 2 / fan for ReLU (their
 * eq. 10 with fanIn, eq. 14 with fanOut); U(-bound, bound) has that variance since bound^2 / 3 = std^2.
 */
export function kaimingUniform<T extends Tensor>(t: T, opts: KaimingOptions = {}): T {
  checkTarget('kaimingUniform', t, true);
  const std = kaimingStd('kaimingUniform', t, opts);
  const gen = generatorOf('kaimingUniform', opts);
  if (std === null) return t;
  const bound = Math.sqrt(3.0) * std;
  return writeValues(t, rng.fillUniform(floatValuesFor(t), gen, -bound, bound));
}

/**
 * Fills `t` in place with N(0, std^2), `std = gain / sqrt(fan)`, and returns it
 * (`torch.nn.init.kaiming_normal_(t, a, mode, nonlinearity)`, i.e. `normal_(0, std)`): bit for bit in
 * float32, to the last bit on all but ~0.14% of the values in float64 (see `normal`).
 *
 * Weight layout: `[out, in]` for linear weights, `[out, in/groups, kH, kW]` for convolutions.
 *
 * Paper: He, Zhang, Ren & Sun 2015, "Delving Deep into Rectifiers: Surpassing Human-Level Performance on
 * ImageNet Classification" (ICCV, https://arxiv.org/abs/1502.01852), eq. 10 (fanIn: the forward signal)
 * and eq. 14 (fanOut: the backward gradient): `std = sqrt(2 / fan)` for ReLU.
 */
export function kaimingNormal<T extends Tensor>(t: T, opts: KaimingOptions = {}): T {
  checkTarget('kaimingNormal', t, true);
  const std = kaimingStd('kaimingNormal', t, opts);
  const gen = generatorOf('kaimingNormal', opts);
  if (std === null) return t;
  return writeValues(t, rng.fillNormal(floatValuesFor(t), gen, 0, std));
}
