/**
 * Part 3, PReLU (He et al. Sec. 2.1, Tables 1 and 2): the same small conv net with ReLU, channel-shared
 * PReLU and channel-wise PReLU, slopes initialised to 0.25 and trained without weight decay (their own
 * optimizer group), weights drawn with Kaiming's gain for the initial slope. Reports the test error and the
 * learned slopes per layer; the paper finds large slopes in the first conv layer and smaller ones deeper.
 */
import { Generator } from '@poise/tensor';
import { PReLU } from '@poise/nn';
import { convClassifier, type Rectifier } from './networks';
import { testError, trainClassifier, type TrainConfig } from './train';
import type { He2015Data } from './data';

export const PRELU_VARIANTS = ['relu', 'prelu-shared', 'prelu-channel'] as const;
export type PreluVariant = (typeof PRELU_VARIANTS)[number];

export interface PreluConfig extends TrainConfig {
  /** Weight layers: depth - 1 convolutions (each followed by the rectifier) and the classifier. */
  depth: number;
  channels: number;
  /** PReLU's initial slope (the paper: 0.25). */
  init: number;
}

export interface PreluRun {
  variant: PreluVariant;
  testError: number;
  /** Mean training loss over the last 10% of the steps. */
  finalLoss: number;
  loss: Float32Array;
  /** Per conv layer, the learned slopes (one for channel-shared, one per channel for channel-wise); empty for ReLU. */
  slopes: number[][];
  /** Per conv layer, the mean learned slope (Table 1's numbers for channel-wise are such means). */
  meanSlopes: number[];
  seconds: number;
}

function rectifierOf(v: PreluVariant, init: number): Rectifier {
  if (v === 'relu') return { kind: 'relu' };
  return { kind: 'prelu', shared: v === 'prelu-shared', init };
}

export function runPrelu(
  data: He2015Data,
  cfg: PreluConfig,
  opts: { variants?: readonly PreluVariant[]; onStep?: (variant: PreluVariant, step: number, loss: number) => void; onRun?: (run: PreluRun) => void } = {},
): PreluRun[] {
  const runs: PreluRun[] = [];
  for (const variant of opts.variants ?? PRELU_VARIANTS) {
    if (!PRELU_VARIANTS.includes(variant)) throw new RangeError(`he2015: unknown PReLU variant '${String(variant)}'; expected one of ${PRELU_VARIANTS.join(', ')}`);
    const model = convClassifier(
      { depth: cfg.depth, channels: cfg.channels, side: data.side, scheme: 'kaiming-fan-in', rectifier: rectifierOf(variant, cfg.init) },
      new Generator().manualSeed(cfg.seed),
    );
    const prelus = [...model.modules()].filter((m): m is PReLU => m instanceof PReLU);
    const curves = trainClassifier(model, data.train, cfg, {
      noDecay: prelus.map((p) => p.weight),
      onStep: (s, l) => opts.onStep?.(variant, s, l),
    });
    const slopes = prelus.map((p) => Array.from(p.weight.toTypedArray() as Float32Array));
    const tail = curves.loss.subarray(Math.floor(curves.loss.length * 0.9));
    const run: PreluRun = {
      variant,
      testError: testError(model, data.test),
      finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
      loss: curves.loss,
      slopes,
      meanSlopes: slopes.map((s) => s.reduce((a, b) => a + b, 0) / s.length),
      seconds: curves.seconds,
    };
    runs.push(run);
    opts.onRun?.(run);
  }
  return runs;
}

/** The first conv layer's mean slope and the mean of the deeper layers' mean slopes. */
export function firstVersusDeeper(run: PreluRun): { first: number; deeper: number } {
  if (run.meanSlopes.length < 2) throw new RangeError(`he2015: ${run.variant} has no learned slopes to compare`);
  const deeper = run.meanSlopes.slice(1);
  return { first: run.meanSlopes[0], deeper: deeper.reduce((a, b) => a + b, 0) / deeper.length };
}
