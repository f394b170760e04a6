/**
 * @poise/tensor: tensors with reverse-mode autograd in PyTorch's semantics, PyTorch's CPU random streams
 * bit for bit, and a pluggable backend of primitive kernels (the pure-TypeScript `js` backend by default).
 */
export { Tensor, type BackwardOptions, type GradHook, type NestedList } from './tensor';
export type { DType, FloatDType, TypedArray } from './dtype';
export { promoteTypes } from './dtype';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, eye, fromTypedArray,
  type TensorOptions, type NestedArray,
} from './creation';
export { randn, rand, randint, multinomial, randperm, type RandomOptions, type MultinomialOptions } from './random-tensors';
export { Generator, manualSeed, getDefaultGenerator, type GeneratorState } from './random/generator';
export { PythonRandom } from './random/python-random';
/**
 * Low-level: the random core's typed-array kernels (`rng.fillUniform`, `rng.fillNormal`, `rng.fillRandint`),
 * float32/float64 fused multiply-add (`rng.fma32`, `rng.fma64`) and the libm ports (`rng.libmLog`,
 * `rng.libmSincos`, ...) that `randn`/`rand`/`randint` are built on, for packages that reproduce other torch
 * random ops bit for bit (see ./random/index.ts). Prefer the tensor functions above otherwise.
 */
export * as rng from './random';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode';
export { Node as GradFn } from './autograd/node';
export { detectAnomaly, isAnomalyEnabled, AnomalyError } from './autograd/anomaly';
export { gradcheck, type GradcheckOptions } from './gradcheck';
export {
  add, sub, mul, div, neg, pow, exp, log, sqrt, abs, sign, tanh, sigmoid, relu, leakyRelu, clamp,
  maximum, minimum, where, logicalAnd, logicalOr, logicalNot, type Operand,
} from './ops/elementwise';
export { sum, mean, variance as var_, std, amax, amin, argmax, argmin, logsumexp, softmax, logSoftmax, type Dims, type ReduceOptions, type VarOptions } from './ops/reduce';
export { matmul } from './ops/matmul';
export { conv2d, type Conv2dOptions } from './ops/conv';
export {
  maxPool2d, maxPool2dWithIndices, avgPool2d, adaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions,
} from './ops/pool';
export type { Size2 } from './ops/window-args';
export { cat, stack, view, reshape, flatten, transpose, permute, squeeze, unsqueeze, expand, narrow } from './ops/shape';
export { index, gather } from './ops/indexing';
export { setBackend, getBackend, registerBackend, listBackends } from './backend/registry';
export type { Backend, View, UnaryOp, BinaryOp, ReduceOp, Conv2dParams, Pool2dParams, AvgPool2dParams } from './backend/backend';
export { JsBackend } from './backend/js';
export { Storage } from './storage';
export { tidy, dispose, keep, type TensorContainer } from './memory';
export { broadcastShapes, contiguousStrides, isContiguous, numelOf } from './shape';
export { customOp, readValues, adoptArray, allocValues, updateInPlace } from './ops/custom';
export type { BackwardFn } from './autograd/node';
export { isFloat } from './dtype';
export { fmtShape } from './shape';
