/**
 * @poise/nn: modules, layers, activations, losses and optimizers with PyTorch's semantics.
 */
export { Module, type ForwardHook, type ForwardPreHook, type BackwardHook, type HookHandle, type StateDict } from './module';
export { Parameter } from './parameter';
export { Linear, type LinearOptions } from './linear';
export { Embedding, type EmbeddingOptions } from './embedding';
export { Conv2d, type Conv2dOptions } from './conv';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from './pool';
export { Sequential, Flatten, Identity } from './containers';
export { Tanh, Sigmoid, ReLU, LeakyReLU, PReLU, prelu } from './activations';
export { crossEntropy, mse, type CrossEntropyOptions, type Reduction } from './losses';
export { Optimizer, type ParamGroup, type ParamsArg, type OptimizerStateDict, type StateKey } from './optim/optimizer';
export { SGD, type SGDOptions } from './optim/sgd';
export { Adam, type AdamOptions } from './optim/adam';
export { LRScheduler, StepLR, MultiStepLR, LambdaLR } from './optim/lr-scheduler';
export { tanh, sigmoid, relu, leakyRelu, softmax, logSoftmax, conv2d, maxPool2d, avgPool2d, adaptiveAvgPool2d } from '@poise/tensor';
export {
  save, load, loadFile, serialize, deserialize, saveOptimizer, loadOptimizer, flattenOptimizerState, unflattenOptimizerState,
  SafetensorsError, SafetensorsTruncatedError, SafetensorsHeaderError, SafetensorsOffsetError, SafetensorsDtypeError,
  type SaveOptions, type SafetensorsContents, type SafetensorsDType,
} from './serialization';
