/**
 * Figure 1 of Ioffe & Szegedy 2015: the same sigmoid MLP trained with and without batch norm. (a) test
 * accuracy against training steps; (b, c) the 15th, 50th and 85th percentiles of the input to a typical
 * sigmoid of the last hidden layer over training, recorded with `watch` from @poise/diagnostics.
 */
import { Generator } from '@poise/tensor';
import type { Sequential } from '@poise/nn';
import { watch } from '@poise/diagnostics';
import type { Figure1Config } from './config';
import type { Ioffe2015Data } from './data';
import { figure1Mlp, lastSigmoidName } from './models';
import { trainClassifier, type TrainCurve } from './train';

/** The percentiles of one sigmoid's input over a training batch, at the recorded steps. */
export interface PercentileTrace {
  steps: number[];
  p15: number[];
  p50: number[];
  p85: number[];
}

/** How much the distribution moved: end of training against the start, in units of the starting spread. */
export interface PercentileDrift {
  /** p85 - p15 at the first recorded step (step 0, before any update). */
  initialSpread: number;
  /** Median of p85 - p15 over the last 10% of recorded steps. */
  finalSpread: number;
  /** |finalSpread / initialSpread - 1|: how much the spread changed, relatively. */
  spreadChange: number;
  /** |median p50 over the last 10% - p50 at step 0| / initialSpread: how far the median moved. */
  medianShift: number;
}

export interface Figure1Run {
  name: 'Without BN' | 'With BN';
  bn: boolean;
  model: Sequential;
  curve: TrainCurve;
  /** The layer and unit followed in Figure 1(b, c). */
  layer: string;
  unit: number;
  percentiles: PercentileTrace;
  drift: PercentileDrift;
}

export interface Figure1Result {
  config: Figure1Config;
  withoutBN: Figure1Run;
  withBN: Figure1Run;
}

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentileDrift(p: PercentileTrace): PercentileDrift {
  const tail = Math.max(1, Math.round(p.steps.length / 10));
  const spreads = p.p85.map((v, i) => v - p.p15[i]);
  const initialSpread = spreads[0];
  const finalSpread = median(spreads.slice(-tail));
  return {
    initialSpread,
    finalSpread,
    spreadChange: Math.abs(finalSpread / initialSpread - 1),
    medianShift: Math.abs(median(p.p50.slice(-tail)) - p.p50[0]) / initialSpread,
  };
}

/** Trains one network of Figure 1 (both start from the same generator seed, so the same batches). */
export function runFigure1Network(
  data: Ioffe2015Data,
  bn: boolean,
  cfg: Figure1Config,
  onStep?: (step: number, loss: number) => void,
): Figure1Run {
  const g = new Generator().manualSeed(cfg.seed);
  const model = figure1Mlp(bn, g, cfg);
  const layer = lastSigmoidName(model);
  const recorder = watch(model, { every: cfg.recordEvery, layers: [layer], percentileUnit: cfg.unit, keepValues: false });
  let curve: TrainCurve;
  try {
    curve = trainClassifier(model, data.train, {
      steps: cfg.steps, batchSize: cfg.batchSize, lr: cfg.lr, evalEvery: cfg.evalEvery, generator: g, test: data.test,
      afterStep: (_i, opt) => recorder.step(opt),
      onStep,
    });
  } finally {
    recorder.remove();
  }
  const series = recorder.layer(layer);
  const pre = series.preactivation!;
  const percentiles = { steps: [...series.steps], p15: [...pre.p15], p50: [...pre.p50], p85: [...pre.p85] };
  return { name: bn ? 'With BN' : 'Without BN', bn, model, curve, layer, unit: cfg.unit, percentiles, drift: percentileDrift(percentiles) };
}

export function runFigure1(
  data: Ioffe2015Data,
  cfg: Figure1Config,
  onStep?: (network: 'Without BN' | 'With BN', step: number, loss: number) => void,
): Figure1Result {
  const withoutBN = runFigure1Network(data, false, cfg, (s, l) => onStep?.('Without BN', s, l));
  const withBN = runFigure1Network(data, true, cfg, (s, l) => onStep?.('With BN', s, l));
  return { config: cfg, withoutBN, withBN };
}
