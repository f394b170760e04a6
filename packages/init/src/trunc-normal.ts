/**
 * Truncated normal initialization, `torch.nn.init.trunc_normal_`: values from N(mean, std^2) restricted
 * to [a, b], by inverse-CDF sampling (J. Burkardt, "The Truncated Normal Distribution", 2014). The
 * truncation keeps a few large draws from dominating a layer; ViT and BERT initialise with
 * `truncNormal(w, { std: 0.02 })`.
 */
import { rng, type Tensor } from '@poise/tensor';
import { erf } from './libm-double';
import { erfinvF32, erfinvF64 } from './erfinv';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

export interface TruncNormalOptions extends GeneratorOptions {
  /** Mean of the normal distribution. Default 0. */
  mean?: number;
  /** Standard deviation of the normal distribution (> 0). Default 1. */
  std?: number;
  /** Lower cut-off, in absolute units (not in stds). Default -2. */
  a?: number;
  /** Upper cut-off, in absolute units; a < b. Default 2. */
  b?: number;
}

/** The standard normal CDF as PyTorch's Python computes it: `(1 + math.erf(x / math.sqrt(2))) / 2`. */
function normCdf(x: number): number {
  return (1 + erf(x / Math.SQRT2)) / 2;
}

/**
 * Fills `t` in place with values from N(mean, std^2) truncated to [a, b] and returns it
 * (`torch.nn.init.trunc_normal_(t, mean, std, a, b)`). PyTorch 1.13's steps, each reproduced in t's dtype:
 *
 * 1. in double: `l = Phi((a - mean) / std)`, `u = Phi((b - mean) / std)` with Phi(x) = (1 + erf(x/sqrt 2)) / 2;
 * 2. `uniform_(2l - 1, 2u - 1)`: U(2l-1, 2u-1) with the generator;
 * 3. `erfinv_()`: x = erfinv(v), so sqrt(2) x is a standard normal truncated to the standardised [a, b];
 * 4. `mul_(std * sqrt(2))`, `add_(mean)`;
 * 5. `clamp_(a, b)` against rounding.
 *
 * The result is bit-exact with PyTorch for float32 and float64 given the same generator state (the libm
 * calls in steps 1 and 3 are ports of glibc's). Any shape. PyTorch warns when mean is more than 2 std
 * outside [a, b] (the method then loses accuracy); this function does not warn.
 *
 * Method: inverse-CDF sampling of the truncated normal, J. Burkardt, "The Truncated Normal Distribution"
 * (2014): x = mean + std * sqrt(2) * erfinv(2 * U(Phi(alpha), Phi(beta)) - 1), alpha and beta being a and
 * b standardised.
 */
export function truncNormal<T extends Tensor>(t: T, opts: TruncNormalOptions = {}): T {
  checkTarget('truncNormal', t, true);
  const mean = opts.mean ?? 0;
  const std = opts.std ?? 1;
  const a = opts.a ?? -2;
  const b = opts.b ?? 2;
  checkFinite('truncNormal', 'mean', mean);
  checkFinite('truncNormal', 'std', std);
  checkFinite('truncNormal', 'a', a);
  checkFinite('truncNormal', 'b', b);
  if (!(std > 0)) throw new RangeError(`truncNormal: std must be > 0, got ${std}`);
  if (!(a < b)) throw new RangeError(`truncNormal: expects a < b (the truncation interval [a, b]), got a=${a}, b=${b}`);
  const gen = generatorOf('truncNormal', opts);
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  const values = rng.fillUniform(floatValuesFor(t), gen, 2 * l - 1, 2 * u - 1);
  const n = values.length;
  const scale = std * Math.SQRT2;
  if (values instanceof Float32Array) {
    // Each in-place op rounds to float32; the Python scalars are cast to float32 first.
    const s = Math.fround(scale);
    const m = Math.fround(mean);
    const lo = Math.fround(a);
    const hi = Math.fround(b);
    for (let i = 0; i < n; i++) {
      const x = Math.fround(Math.fround(erfinvF32(values[i]) * s) + m);
      values[i] = Math.min(Math.max(x, lo), hi);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = erfinvF64(values[i]) * scale + mean;
      values[i] = Math.min(Math.max(x, a), b);
    }
  }
  return writeValues(t, values);
}
