/**
 * Population statistics for batch norm at inference (Ioffe & Szegedy 2015, Algorithm 2, steps 8-11): after
 * training, replace each BatchNorm layer's running averages by the mean and unbiased variance of its input
 * over (many) training mini-batches, so that eval mode normalizes with the statistics of the population the
 * network was trained on rather than with an exponential average biased toward the last few hundred steps.
 *
 * PyTorch's equivalent is `torch.optim.swa_utils.update_bn`: reset the running statistics, set
 * `momentum=None` (a cumulative average) and run the training batches through the model in training mode.
 */
import type { Module } from '@poise/nn';
import { fmtShape, noGrad, readValues, tensor, type Tensor } from '@poise/tensor';
import { BatchNormBase } from './batch-norm';

/**
 * How the variance of the population is estimated from the batches. Both are unbiased estimates of the
 * variance of a layer input drawn from the training distribution, for batches of i.i.d. examples; they
 * differ in what "unbiased" corrects for.
 *
 * - `'pooled'` (default): every value the layer saw, pooled over all batches (n = batches · values per
 *   channel per batch), with Bessel's correction over the pooled count: `Σ (x - mean)² / (n - 1)`. The exact
 *   sample variance of the whole pass, as `torch.cat(all_inputs).var(unbiased=True)` per channel would give.
 * - `'batch-average'`: Algorithm 2 as written, and PyTorch's `momentum=None`: `E[x] = mean over batches of
 *   μ_B` and `Var[x] = mean over batches of σ²_B · m / (m - 1)`, where σ²_B is batch B's biased variance
 *   and m its number of values per channel. The correction m/(m-1) is applied per batch, so this is the
 *   expected *within-batch* variance; it leaves out the spread of the batch means around the population
 *   mean (`pooled` includes it), which shrinks like 1/m.
 *
 * With equal batch sizes the two means are identical, and the variances differ by O(1/m) relative plus noise.
 */
export type PopulationEstimator = 'pooled' | 'batch-average';

export interface PopulationStatisticsOptions {
  /** See `PopulationEstimator`. Default `'pooled'`. */
  estimator?: PopulationEstimator;
  /**
   * Runs the model on one element of `batches` (default: `model.forward(batch)`). Use it when the model
   * takes several inputs or the batches carry labels: `{ forward: (b) => model.forward(b.images) }`.
   */
  forward?: (batch: never) => unknown;
}

/** What was measured for one BatchNorm layer (float64), and written into its buffers. */
export interface LayerPopulation {
  /** The layer's dotted name in the model (`namedModules()`), '' for the model itself. */
  name: string;
  module: BatchNormBase;
  /** Batches the layer saw. */
  batches: number;
  /** Values per channel over all batches (batch size · spatial size, summed over batches). */
  count: number;
  mean: Float64Array;
  /** The unbiased variance of the chosen estimator. */
  variance: Float64Array;
}

/** Per-channel accumulators for one layer: Chan et al.'s pairwise merge for `pooled`, plain sums for `batch-average`. */
class ChannelAccumulator {
  batches = 0;
  count = 0;
  readonly mean: Float64Array;
  /** pooled: Σ (x - mean)² over everything so far. */
  readonly m2: Float64Array;
  /** batch-average: Σ over batches of μ_B, and of σ²_B · m/(m-1). */
  readonly sumMeans: Float64Array;
  readonly sumUnbiasedVars: Float64Array;

  constructor(readonly channels: number) {
    this.mean = new Float64Array(channels);
    this.m2 = new Float64Array(channels);
    this.sumMeans = new Float64Array(channels);
    this.sumUnbiasedVars = new Float64Array(channels);
  }

  /** Adds one batch laid out as [N, C, *]. */
  add(layer: string, x: Tensor): void {
    const [N, C] = x.shape;
    if (C !== this.channels) {
      throw new RangeError(`populationStatistics: BatchNorm layer '${layer}' expects ${this.channels} channels, got input of shape ${fmtShape(x.shape)}`);
    }
    let S = 1;
    for (let d = 2; d < x.shape.length; d++) S *= x.shape[d];
    const m = N * S;
    if (m < 2) {
      throw new RangeError(`populationStatistics: BatchNorm layer '${layer}' needs at least 2 values per channel in a batch (as in training), got input of shape ${fmtShape(x.shape)}`);
    }
    const xs = readValues(x);
    const nOld = this.count;
    const nNew = nOld + m;
    for (let c = 0; c < C; c++) {
      // Two passes in float64 over the batch: its mean, then its sum of squared deviations (exact up to rounding).
      let s = 0;
      for (let n = 0; n < N; n++) for (let i = (n * C + c) * S, end = i + S; i < end; i++) s += xs[i];
      const mb = s / m;
      let q = 0;
      for (let n = 0; n < N; n++) {
        for (let i = (n * C + c) * S, end = i + S; i < end; i++) {
          const d = xs[i] - mb;
          q += d * d;
        }
      }
      // Chan, Golub & LeVeque's merge of (nOld, mean, m2) with (m, mb, q): exact for the pooled values.
      const delta = mb - this.mean[c];
      this.mean[c] += (delta * m) / nNew;
      this.m2[c] += q + (delta * delta * nOld * m) / nNew;
      this.sumMeans[c] += mb;
      this.sumUnbiasedVars[c] += q / (m - 1);
    }
    this.count = nNew;
    this.batches++;
  }

  result(estimator: PopulationEstimator): { mean: Float64Array; variance: Float64Array } {
    const mean = new Float64Array(this.channels);
    const variance = new Float64Array(this.channels);
    for (let c = 0; c < this.channels; c++) {
      if (estimator === 'pooled') {
        mean[c] = this.mean[c];
        variance[c] = this.m2[c] / (this.count - 1);
      } else {
        mean[c] = this.sumMeans[c] / this.batches;
        variance[c] = this.sumUnbiasedVars[c] / this.batches;
      }
    }
    return { mean, variance };
  }
}

/**
 * Recomputes the population statistics of every BatchNorm layer of `model` (BatchNorm1d, BatchNorm2d, any
 * `BatchNormBase` with running statistics) from `batches` of training inputs, and writes them into the
 * layers' `running_mean` and `running_var` (`num_batches_tracked` becomes the number of batches).
 *
 * The batches run in training mode under `noGrad`, in one pass: each BatchNorm layer normalizes with its
 * batch's statistics, exactly as during training, so every layer measures the inputs it was trained on
 * (Algorithm 2; PyTorch's `update_bn` does the same). The training/eval flag of every module is restored
 * afterwards, and no parameter changes. Returns what was measured, per layer, in float64.
 */
export function populationStatistics<B = Tensor>(
  model: Module,
  batches: Iterable<B>,
  options: PopulationStatisticsOptions = {},
): LayerPopulation[] {
  const estimator = options.estimator ?? 'pooled';
  if (estimator !== 'pooled' && estimator !== 'batch-average') {
    throw new RangeError(`populationStatistics: estimator must be 'pooled' or 'batch-average', got ${String(estimator)}`);
  }
  const layers = [...model.namedModules()].filter(
    (entry): entry is [string, BatchNormBase] => entry[1] instanceof BatchNormBase && entry[1].trackRunningStats,
  );
  if (layers.length === 0) {
    throw new RangeError('populationStatistics: the model has no BatchNorm layer with running statistics (trackRunningStats: true)');
  }
  const run = (options.forward as ((batch: B) => unknown) | undefined) ?? ((batch: B) => (model.forward as (b: B) => unknown)(batch));
  const accumulators = layers.map(([, m]) => new ChannelAccumulator(m.numFeatures));
  const handles = layers.map(([name, m], i) =>
    m.registerForwardPreHook((_module, inputs) => {
      accumulators[i].add(name || m.name, inputs[0] as Tensor);
    }),
  );
  const modes = [...model.modules()].map((m) => [m, m.training] as const);
  // The training-mode pass blends each batch into the running buffers; if it fails, put them back as they were.
  const saved = layers.map(([, m]) => [m.runningMean!.clone(), m.runningVar!.clone(), m.numBatchesTracked!.clone()] as const);
  const restore = () => noGrad(() => layers.forEach(([, m], i) => {
    m.runningMean!.copy_(saved[i][0]);
    m.runningVar!.copy_(saved[i][1]);
    m.numBatchesTracked!.copy_(saved[i][2]);
  }));
  try {
    model.train();
    noGrad(() => {
      for (const batch of batches) run(batch);
    });
  } catch (e) {
    restore();
    throw e;
  } finally {
    for (const h of handles) h.remove();
    for (const [m, training] of modes) m.training = training;
  }
  const unused = layers.find((_, i) => accumulators[i].batches === 0);
  if (unused) restore();
  if (accumulators.every((a) => a.batches === 0)) throw new RangeError('populationStatistics: no batches were given');
  if (unused) throw new RangeError(`populationStatistics: BatchNorm layer '${unused[0]}' saw no input: is it used by the model's forward?`);
  return layers.map(([name, module], i) => {
    const acc = accumulators[i];
    const { mean, variance } = acc.result(estimator);
    noGrad(() => {
      const dtype = module.runningMean!.dtype;
      module.runningMean!.copy_(tensor(mean, { dtype }));
      module.runningVar!.copy_(tensor(variance, { dtype }));
      module.numBatchesTracked!.fill_(acc.batches);
    });
    return { name, module, batches: acc.batches, count: acc.count, mean, variance };
  });
}
