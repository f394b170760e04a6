/**
 * Xavier (Glorot) initialization: Glorot & Bengio 2010, "Understanding the difficulty of training deep
 * feedforward neural networks". Keeps the variance of activations (fan-in) and of gradients (fan-out)
 * roughly constant across layers by compromising on their average:
 * `std = gain * sqrt(2 / (fanIn + fanOut))`.
 */
import { rng, type Tensor } from '@poise/tensor';
import { fans } from './fans';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

export interface XavierOptions extends GeneratorOptions {
  /** Scaling factor, usually `calculateGain(nonlinearity)`. Default 1. */
  gain?: number;
}

/** `gain * sqrt(2 / (fanIn + fanOut))` in PyTorch's double arithmetic. */
function xavierStd(op: string, t: Tensor, gain: number): number {
  checkFinite(op, 'gain', gain);
  const { fanIn, fanOut } = fans(t.shape);
  if (fanIn + fanOut === 0) throw new RangeError(`${op}: fanIn + fanOut is 0 for shape [${t.shape.join(', ')}]`);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * Fills `t` in place with U(-bound, bound), `bound = gain * sqrt(6 / (fanIn + fanOut))`, and returns it
 * (`torch.nn.init.xavier_uniform_(t, gain)`). PyTorch computes it as `sqrt(3) * std` with the Xavier std in
 * double, then `uniform_(-bound, bound)`; so does this, bit for bit.
 *
 * Weight layout: PyTorch's `[out, in]` for linear weights, `[out, in/groups, kH, kW]` for convolutions
 * (fans from {@link fans}); fewer than 2 dimensions is a RangeError.
 *
 * Paper: Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural
 * networks" (AISTATS), the "normalized initialization" of their eq. 16, with a `gain` added.
 */
export function xavierUniform<T extends Tensor>(t: T, opts: XavierOptions = {}): T {
  checkTarget('xavierUniform', t, true);
  const std = xavierStd('xavierUniform', t, opts.gain ?? 1);
  const bound = Math.sqrt(3.0) * std;
  const gen = generatorOf('xavierUniform', opts);
  return writeValues(t, rng.fillUniform(floatValuesFor(t), gen, -bound, bound));
}

/**
 * Fills `t` in place with N(0, std^2), `std = gain * sqrt(2 / (fanIn + fanOut))`, and returns it
 * (`torch.nn.init.xavier_normal_(t, gain)`, i.e. `normal_(0, std)`): bit for bit in float32, to the last
 * bit on all but ~0.14% of the values in float64 (see {@link normal}).
 *
 * Weight layout: `[out, in]` for linear weights, `[out, in/groups, kH, kW]` for convolutions.
 *
 * Paper: Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural
 * networks" (AISTATS): Var(w) = 2 / (fanIn + fanOut), the average of the forward and backward conditions.
 */
export function xavierNormal<T extends Tensor>(t: T, opts: XavierOptions = {}): T {
  checkTarget('xavierNormal', t, true);
  const std = xavierStd('xavierNormal', t, opts.gain ?? 1);
  const gen = generatorOf('xavierNormal', opts);
  return writeValues(t, rng.fillNormal(floatValuesFor(t), gen, 0, std));
}
