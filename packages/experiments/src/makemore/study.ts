/**
 * The makemore study: the seeds' experiment as a function. Each variant trains the same MLP from the same
 * generator seed and reports its loss curve, its split losses and the statistics of the tanh layer that
 * the seeds plot (histogram, |h| > 0.99 saturation map, dead units).
 */
import { Generator, randint, type Tensor } from '@poise/tensor';
import { makemore as buildMakemore, names, type MakemoreDataset as MakemoreData } from '@poise/datasets';
import { initModel, splitLoss, trainStep, VARIANTS, type Variant } from './model';

export type Scale = 'quick' | 'full';

export interface MakemoreConfig {
  variant: Variant;
  /** Training steps; the seeds use 200,000. */
  steps: number;
  /** The learning rate drops from 0.1 to 0.01 at this step (the seeds: 100,000). */
  decayAt: number;
  batchSize: number;
  seed: number;
}

export const SCALES: Record<Scale, Pick<MakemoreConfig, 'steps' | 'decayAt'>> = {
  quick: { steps: 4000, decayAt: 3000 },
  full: { steps: 200_000, decayAt: 100_000 },
};

/** Statistics of the hidden tanh layer on one batch, as the seeds inspect it. */
export interface LayerStats {
  step: number;
  /** h of shape [batch, hidden], row-major: what `plt.hist(h.view(-1))` and `imshow(h.abs() > 0.99)` show. */
  h: Float32Array;
  shape: [number, number];
  /** Fraction of |h| > 0.99 over the batch. */
  saturation: number;
  /** Units saturated for every example of the batch: their gradient is (nearly) zero everywhere. */
  deadUnits: number;
  hpreactMean: number;
  hpreactStd: number;
}

export interface MakemoreResult {
  study: 'makemore';
  variant: Variant;
  scale: Scale | 'custom';
  config: MakemoreConfig;
  splits: { train: number; val: number; test: number };
  /** log10 of the training loss at every step (the seeds' `lossi`). */
  lossi: Float32Array;
  initialLoss: number;
  finalLoss: number;
  initial: LayerStats;
  final: LayerStats;
  seconds: number;
  dataSource: string;
}

export function layerStats(step: number, h: Tensor, hpreact: Tensor): LayerStats {
  const [rows, cols] = h.shape as [number, number];
  const values = h.toTypedArray() as Float32Array;
  let saturated = 0;
  const alwaysSaturated = new Array<boolean>(cols).fill(true);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const s = Math.abs(values[i * cols + j]) > 0.99;
      if (s) saturated++;
      else alwaysSaturated[j] = false;
    }
  }
  return {
    step,
    h: Float32Array.from(values),
    shape: [rows, cols],
    saturation: saturated / (rows * cols),
    deadUnits: alwaysSaturated.filter(Boolean).length,
    hpreactMean: hpreact.mean().item(),
    hpreactStd: hpreact.std().item(),
  };
}

/**
 * Trains one variant. `onStep(step, loss)` is called after every step (for progress bars).
 */
export function runMakemore(
  data: MakemoreData,
  config: Partial<MakemoreConfig> & { variant: Variant },
  onStep?: (step: number, loss: number) => void,
  meta: { scale?: Scale | 'custom'; dataSource?: string } = {},
): MakemoreResult {
  if (!VARIANTS.includes(config.variant)) {
    throw new RangeError(`makemore: unknown variant '${String(config.variant)}'; expected one of ${VARIANTS.join(', ')}`);
  }
  const cfg: MakemoreConfig = { ...SCALES.quick, batchSize: 32, seed: 2147483647, ...config };
  if (!Number.isInteger(cfg.steps) || cfg.steps < 1) throw new RangeError(`makemore: steps must be a positive integer, got ${cfg.steps}`);
  const start = performance.now();
  const g = new Generator().manualSeed(cfg.seed);
  const model = initModel(cfg.variant, g, {
    vocabSize: data.vocabSize, blockSize: data.blockSize, nEmbd: 10, nHidden: 200,
  });
  const { X: Xtr, Y: Ytr } = data.train;
  const lossi = new Float32Array(cfg.steps);
  let initial: LayerStats | undefined;
  let last: { h: Tensor; hpreact: Tensor } | undefined;
  let initialLoss = NaN;
  let finalLoss = NaN;
  for (let i = 0; i < cfg.steps; i++) {
    const ix = randint(0, Xtr.shape[0], [cfg.batchSize], { generator: g });
    const lr = i < cfg.decayAt ? 0.1 : 0.01;
    const { loss, forward } = trainStep(model, Xtr.index(ix), Ytr.index(ix), lr);
    if (i === 0) {
      initial = layerStats(0, forward.h, forward.hpreact);
      initialLoss = loss;
    }
    finalLoss = loss;
    lossi[i] = Math.log10(loss);
    if (i === cfg.steps - 1) last = { h: forward.h, hpreact: forward.hpreact };
    onStep?.(i, loss);
  }
  const splits = {
    train: splitLoss(model, Xtr, Ytr),
    val: splitLoss(model, data.val.X, data.val.Y),
    test: splitLoss(model, data.test.X, data.test.Y),
  };
  return {
    study: 'makemore',
    variant: cfg.variant,
    scale: meta.scale ?? 'custom',
    config: cfg,
    splits,
    lossi,
    initialLoss,
    finalLoss,
    initial: initial!,
    final: layerStats(cfg.steps - 1, last!.h.detach(), last!.hpreact.detach()),
    seconds: (performance.now() - start) / 1000,
    dataSource: meta.dataSource ?? 'given',
  };
}

/** Loads names.txt (resolution order of @poise/datasets) and builds the seeds' splits. */
export async function loadMakemoreData(opts: { path?: string; quiet?: boolean } = {}): Promise<{ data: MakemoreData; source: string }> {
  const loaded = await names(opts);
  return { data: buildMakemore(loaded.words, { blockSize: 3, seed: 42 }), source: loaded.source + (loaded.location ? ` (${loaded.location})` : '') };
}

/** The seeds' `lossi.view(-1, k).mean(1)`: mean log10 loss over consecutive windows, for plotting. */
export function smoothLoss(lossi: Float32Array, points = 200): { step: number[]; value: number[] } {
  const k = Math.max(1, Math.floor(lossi.length / points));
  const step: number[] = [];
  const value: number[] = [];
  for (let s = 0; s + k <= lossi.length; s += k) {
    let acc = 0;
    for (let i = s; i < s + k; i++) acc += lossi[i];
    step.push(s + k / 2);
    value.push(acc / k);
  }
  return { step, value };
}
