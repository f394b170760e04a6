/**
 * Algorithm 2 of the paper: at inference a BN layer should normalize with statistics of the population,
 * E[x] and Var[x] = m/(m-1) · E_B[σ²_B], not with the statistics of the test batch (which make an example's
 * output depend on the other examples in its batch). Compares, on one trained BN network:
 *
 * - eval mode with the running averages that training kept (momentum 0.1: an exponential average of the
 *   last few dozen batches, taken while the weights were still moving);
 * - eval mode with population statistics recomputed over the training set after training, by
 *   `populationStatistics` from @poise/norm (pooled, and Algorithm 2's batch average);
 * - (wrongly) batch statistics at test time, with small test batches.
 */
import { noGrad, tidy, type Tensor } from '@poise/tensor';
import type { Module } from '@poise/nn';
import { BatchNormBase, populationStatistics } from '@poise/norm';
import type { InferenceConfig } from './config';
import { head, type Ioffe2015Data, type Split } from './data';
import { accuracy, countCorrect } from './train';

export interface InferenceResult {
  /** Eval mode, the running averages kept during training. */
  runningAverage: number;
  /** Eval mode, population statistics over the training set, pooled unbiased variance (the default). */
  population: number;
  /** Eval mode, population statistics as Algorithm 2 writes them (mean of the batches' unbiased variances). */
  populationBatchAverage: number;
  /** Training batches (of `batchSize`) the population statistics were computed from. */
  populationBatches: number;
  /** Training-mode normalization at test time: each test batch normalized with its own statistics. */
  batchStatistics: { batchSize: number; accuracy: number }[];
  /** Test images used for the batch-statistics rows (the other rows use the whole test split). */
  batchStatsTestImages: number;
  /** Eval mode with population statistics on those same test images, to compare the rows like for like. */
  populationOnBatchStatsImages: number;
  /** How far the running averages were from the population statistics, over all BN channels: mean |Δ| / sqrt(var). */
  runningVsPopulation: { meanShift: number; varRatio: number };
}

type Net = Module & { forward(x: Tensor): Tensor };

/** The BN layers' running statistics, to put back after a pass that changes them. */
function snapshot(model: Module): () => void {
  const saved = [...model.modules()]
    .filter((m): m is BatchNormBase => m instanceof BatchNormBase && m.trackRunningStats)
    .map((m) => [m, m.runningMean!.clone(), m.runningVar!.clone(), m.numBatchesTracked!.clone()] as const);
  return () => noGrad(() => {
    for (const [m, mean, vr, n] of saved) {
      m.runningMean!.copy_(mean);
      m.runningVar!.copy_(vr);
      m.numBatchesTracked!.copy_(n);
    }
  });
}

/** Accuracy when every test batch of `batchSize` is normalized with its own statistics (training-mode BN). */
export function batchStatisticsAccuracy(model: Net, test: Split, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 2) throw new RangeError(`ioffe2015: a test batch needs at least 2 examples for batch statistics, got ${batchSize}`);
  const restore = snapshot(model);
  const wasTraining = model.training;
  model.train();
  try {
    const n = test.images.shape[0] - (test.images.shape[0] % batchSize); // whole batches only
    let correct = 0;
    for (let s = 0; s < n; s += batchSize) {
      correct += tidy(() => noGrad(() => countCorrect(model.forward(test.images.narrow(0, s, batchSize)), test.labels.narrow(0, s, batchSize))));
    }
    return correct / n;
  } finally {
    model.train(wasTraining);
    restore();
  }
}

function* batchesOf(images: Tensor, batchSize: number): Generator<Tensor> {
  const n = images.shape[0] - (images.shape[0] % batchSize);
  for (let s = 0; s < n; s += batchSize) yield images.narrow(0, s, batchSize);
}

/** Runs the comparison. Leaves `model` with the population statistics (pooled) in its running buffers. */
export function compareInferenceStatistics(model: Net, data: Ioffe2015Data, cfg: InferenceConfig, batchSize: number): InferenceResult {
  const bns = [...model.modules()].filter((m): m is BatchNormBase => m instanceof BatchNormBase);
  if (bns.length === 0) throw new RangeError('ioffe2015: compareInferenceStatistics needs a model with BatchNorm layers');
  const runningAverage = accuracy(model, data.test);
  const running = bns.map((m) => [Array.from(m.runningMean!.toTypedArray()), Array.from(m.runningVar!.toTypedArray())]);

  const smallTest = head(data.test, cfg.batchStatsTestLimit);
  const batchStatistics = cfg.testBatchSizes.map((b) => ({ batchSize: b, accuracy: batchStatisticsAccuracy(model, smallTest, b) }));

  const train = head(data.train, cfg.populationExamples).images;
  const populationBatchAverage = (() => {
    populationStatistics(model, batchesOf(train, batchSize), { estimator: 'batch-average' });
    return accuracy(model, data.test);
  })();
  const layers = populationStatistics(model, batchesOf(train, batchSize));
  const population = accuracy(model, data.test);
  const populationOnBatchStatsImages = accuracy(model, smallTest);

  let shift = 0;
  let ratio = 0;
  let channels = 0;
  layers.forEach((l, i) => {
    const [rm, rv] = running[i];
    for (let c = 0; c < l.mean.length; c++) {
      shift += Math.abs(rm[c] - l.mean[c]) / Math.sqrt(l.variance[c]);
      ratio += rv[c] / l.variance[c];
      channels++;
    }
  });
  return {
    runningAverage,
    population,
    populationBatchAverage,
    populationBatches: layers[0].batches,
    batchStatistics,
    batchStatsTestImages: smallTest.images.shape[0],
    populationOnBatchStatsImages,
    runningVsPopulation: { meanShift: shift / channels, varRatio: ratio / channels },
  };
}
