/**
 * torch's `uniform_(from, to)` and `normal_(mean, std)` kernels (PyTorch 1.13, CPU) over typed arrays,
 * built on `@poise/tensor`'s public `Generator` and `randn`, so every initializer draws exactly the
 * 32-bit words torch draws, in the same order, and rounds exactly where torch rounds.
 *
 * - `uniform_` (`uniform_kernel`, ATen/native/cpu/DistributionTemplates.h): one value per element in
 *   memory order; float32 takes one draw, `x = (u & 0xffffff) * 2^-24`, float64 takes two,
 *   `x = (random64() & (2^53 - 1)) * 2^-53`; then `x * (to - from) + from` in the element type with `from`
 *   and `to` cast to it first. GCC contracts that to one FMA (checked against torch for several ranges).
 * - `normal_` (`normal_kernel`): for 16 or more contiguous elements the chunked Box-Muller `normal_fill`
 *   (AVX2 for float32), which is `randn`'s stream followed by `fmadd(z, std, mean)`; below 16 elements one
 *   `normal_distribution<double>` value per element (with the generator's cached second Box-Muller value),
 *   `fma(z, std, mean)` in double, then cast to the element type.
 *
 * Exactness: the uniform kernels and float32 normals are bit-exact. float64 normals are as exact as
 * `@poise/tensor`'s float64 Box-Muller stream, whose sin/cos equal glibc's on about 99.86% of values, so
 * about 0.14% of float64 normals differ from PyTorch's in the last bit.
 *
 * `@poise/tensor` implements the same kernels as `fillUniform`/`fillNormal` in its `random` module, which
 * its package entry point does not export; these two functions compose the public pieces instead.
 */
import { Generator, randn, readValues } from '@poise/tensor';
import { fma32, fma64 } from './fma';

export type FloatArray = Float32Array | Float64Array;

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;

/** Fills `out` as `tensor.uniform_(from, to)` does on a contiguous tensor of out's dtype. */
export function fillUniform(out: FloatArray, gen: Generator, from: number, to: number): FloatArray {
  const engine = gen.engine;
  const n = out.length;
  if (out instanceof Float32Array) {
    const lo = Math.fround(from);
    const span = Math.fround(Math.fround(to) - lo);
    for (let i = 0; i < n; i++) out[i] = fma32((engine.nextU32() & 0xffffff) * TWO_POW_M24, span, lo);
  } else {
    const span = to - from;
    for (let i = 0; i < n; i++) {
      const hi = engine.nextU32();
      const lo = engine.nextU32();
      out[i] = fma64(((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53, span, from);
    }
  }
  return out;
}

/** Fills `out` as `tensor.normal_(mean, std)` does on a contiguous tensor of out's dtype. */
export function fillNormal(out: FloatArray, gen: Generator, mean: number, std: number): FloatArray {
  const n = out.length;
  const single = out instanceof Float32Array;
  if (n >= 16) {
    // normal_fill: randn's values are radius*cos (resp. sin) rounded to the element type, before the
    // kernel's final fmadd(z, std, mean).
    const z = readValues(randn([n], { generator: gen, dtype: single ? 'float32' : 'float64' })) as FloatArray;
    if (single) {
      const m = Math.fround(mean);
      const s = Math.fround(std);
      for (let i = 0; i < n; i++) out[i] = fma32(z[i], s, m);
    } else {
      for (let i = 0; i < n; i++) out[i] = fma64(z[i], std, mean);
    }
  } else {
    // The typed store rounds the double result to float32 once, as static_cast<float> does.
    for (let i = 0; i < n; i++) out[i] = fma64(gen.normalDouble(), std, mean);
  }
  return out;
}
