/** Ioffe & Szegedy 2015, "Batch Normalization": Figure 1, a section 4.2 learning-rate table, Algorithm 2. */
export { IOFFE2015_SCALES, resolveConfig as ioffe2015Config, type Ioffe2015Config, type Figure1Config as Ioffe2015Figure1Config, type LearningRateConfig as Ioffe2015LearningRateConfig, type InferenceConfig as Ioffe2015InferenceConfig } from './config';
export { loadIoffe2015Data, type Ioffe2015Data, type Split as Ioffe2015Split } from './data';
export { figure1Mlp, smallConvNet, lastSigmoidName } from './models';
export { type TrainCurve as Ioffe2015TrainCurve } from './train';
export { runFigure1, runFigure1Network, percentileDrift, type Figure1Result, type Figure1Run, type PercentileTrace, type PercentileDrift } from './figure1';
export { runLearningRateStudy, LR_VARIANTS as IOFFE2015_LR_VARIANTS, type LrVariant as Ioffe2015LrVariant, type LrRun as Ioffe2015LrRun, type LearningRateResult as Ioffe2015LearningRateResult } from './learning-rate';
export { compareInferenceStatistics, batchStatisticsAccuracy, type InferenceResult as Ioffe2015InferenceResult } from './inference';
export { runIoffe2015, type Ioffe2015Result, type Ioffe2015Progress } from './study';
export { ioffe2015Charts, ioffe2015Markdown, learningRateTable, inferenceTable, writeIoffe2015Report, ioffe2015Summary } from './report';
