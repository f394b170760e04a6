/**
 * @poise/init: weight initialization with PyTorch's numbers. Gains and fans (one rule for every
 * initializer), the in-place initializers of `torch.nn.init` with PyTorch 1.13's numbers for the same
 * generator state (bit-exact in float32; float64 normals to the last bit but for ~0.14% of values;
 * orthogonal to ~1e-7), and LSUV. Depends on `@poise/tensor` only.
 */
export { calculateGain, NONLINEARITIES, DEFAULT_LEAKY_RELU_SLOPE, type Nonlinearity } from './gain';
export { fans, fanFor, type Fans, type FanMode } from './fans';
export { uniform } from './uniform';
export { normal } from './normal';
export { constant, zeros, ones } from './constant';
export { eye } from './eye';
export { dirac } from './dirac';
export { xavierUniform, xavierNormal, type XavierOptions } from './xavier';
export { kaimingUniform, kaimingNormal, type KaimingOptions } from './kaiming';
export { truncNormal, type TruncNormalOptions } from './trunc-normal';
export { orthogonal, type OrthogonalOptions } from './orthogonal';
export { sparse, type SparseOptions } from './sparse';
export {
  lsuv, LsuvError, type LsuvErrorCode, type LsuvLayer, type LsuvLayerReport, type LsuvModel, type LsuvOptions,
  type LsuvHookHandle,
} from './lsuv';
export { erfinvF32, erfinvF64 } from './erfinv';
export { householderQr, type QrResult } from './qr';
export type { GeneratorOptions } from './target';
