/**
 * The random-number core: a generator bit-compatible with PyTorch 1.13's CPU generator, torch's
 * distribution kernels over typed arrays, and CPython's `random` for data splits.
 */
export { Generator, DEFAULT_RNG_SEED, TORCH_STATE_BYTES, defaultGenerator, getDefaultGenerator, manualSeed } from './generator';
export type { GeneratorState } from './generator';
export { fillNormal, fillRandint, fillUniform, multinomial, randperm } from './distributions';
export { PythonRandom } from './python-random';
export type { ShuffleTarget } from './python-random';
export { MT19937 } from './mt19937';
export { fma32, fma64, libmCos, libmLog, libmSin, libmSincos, logAvx, logAvxArray, sincosAvx, sincosAvxArray } from './fma32';
