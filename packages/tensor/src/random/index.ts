/**
 * The random-number core: a generator bit-compatible with PyTorch 1.13's CPU generator, torch's
 * distribution kernels over typed arrays, and CPython's `random` for data splits.
 *
 * The package entry point re-exports this module as the namespace `rng` (`import { rng } from
 * '@poise/tensor'`). It is the low-level layer under `randn`, `rand`, `randint`, `multinomial` and
 * `randperm`, for packages that reproduce other torch random ops over typed arrays (as `@poise/init` does
 * for `torch.nn.init`):
 *
 * - `fillUniform(out, gen, from, to)`, `fillNormal(out, gen, mean, std)`, `fillRandint(out, low, high,
 *   gen)`: torch's `uniform_`, `normal_` and `random_(low, high)` kernels filling a Float32Array or
 *   Float64Array (Int32Array too for randint) in memory order, with torch's draws and roundings;
 *   `multinomial` and `randperm` likewise over typed arrays.
 * - `fma32`, `fma64`: fused multiply-add with one rounding in float32 / float64 (what GCC's contractions
 *   compute in torch's kernels and in glibc's FMA builds of libm).
 * - `libmLog` (glibc 2.36's double `log`, bit for bit), `libmSin`, `libmCos`, `libmSincos` (correctly
 *   rounded double sin/cos), `logAvx`, `sincosAvx` and their array forms (avx_mathfun's float32 kernels).
 *
 * These are kernels, not tensor ops: they take typed arrays and plain numbers, check little beyond what
 * torch checks, and follow torch's numerics rather than a stable API.
 */
export { Generator, DEFAULT_RNG_SEED, TORCH_STATE_BYTES, defaultGenerator, getDefaultGenerator, manualSeed } from './generator';
export type { GeneratorState } from './generator';
export { fillNormal, fillRandint, fillUniform, multinomial, randperm } from './distributions';
export { PythonRandom } from './python-random';
export type { ShuffleTarget } from './python-random';
export { MT19937 } from './mt19937';
export { fma32, fma64, libmCos, libmLog, libmSin, libmSincos, logAvx, logAvxArray, sincosAvx, sincosAvxArray } from './fma32';
