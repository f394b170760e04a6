/** Normal initialization, `torch.nn.init.normal_`. */
import { rng, type Tensor } from '@poise/tensor';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

/**
 * Fills `t` in place with values drawn from N(mean, std^2) and returns it
 * (`torch.nn.init.normal_(t, mean, std)`): `x = z * std + mean` with z from torch's Box-Muller streams
 * (the chunked AVX2 kernel for 16 or more float32 values, the scalar double one below 16), so the same
 * generator state gives the same float32 bits as PyTorch 1.13. In float64 about 0.14% of the values
 * differ in the last bit (at most 2 ulps): `@poise/tensor`'s float64 Box-Muller uses a correctly rounded sin/cos, glibc's
 * is not always.
 *
 * Any shape; float32 or float64. `std >= 0` is required.
 *
 * No paper of its own: the seeds' `torch.randn(...) * scale` is `normal(t, 0, scale)`; the
 * variance-scaling initializers ({@link xavierNormal}, {@link kaimingNormal}) pick `std` from the fans.
 */
export function normal<T extends Tensor>(t: T, mean = 0, std = 1, opts: GeneratorOptions = {}): T {
  checkTarget('normal', t, true);
  checkFinite('normal', 'mean', mean);
  checkFinite('normal', 'std', std);
  if (std < 0) throw new RangeError(`normal: std must be >= 0, got ${std}`);
  const gen = generatorOf('normal', opts);
  return writeValues(t, rng.fillNormal(floatValuesFor(t), gen, mean, std));
}
