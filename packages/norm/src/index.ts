/**
 * @poise/norm: batch, layer, group, instance and RMS normalization for @poise/tensor, as modules with
 * PyTorch's train/eval semantics and as functions, each with a fused forward and a single fused backward.
 */
export { batchNorm, BatchNorm1d, BatchNorm2d, BatchNormBase, BATCH_NORM_BACKWARD } from './batch-norm';
export { layerNorm, LayerNorm, LAYER_NORM_BACKWARD, type LayerNormOptions } from './layer-norm';
export { groupNorm, GroupNorm, GROUP_NORM_BACKWARD, type GroupNormOptions } from './group-norm';
export { instanceNorm, InstanceNorm1d, InstanceNorm2d, InstanceNormBase, INSTANCE_NORM_BACKWARD } from './instance-norm';
export { rmsNorm, RMSNorm, RMS_NORM_BACKWARD, type RMSNormOptions } from './rms-norm';
export { NormBase, type NormOptions } from './norm-base';
export { machineEpsilon } from './common';
export { populationStatistics, type PopulationEstimator, type PopulationStatisticsOptions, type LayerPopulation } from './population-statistics';
