/**
 * Part 2, convergence of deep plain nets (He et al. Fig. 2 and 3): the same plain ReLU conv classifier of
 * each depth, no normalization, trained from Xavier and from Kaiming (fan-in) weights with the same
 * optimizer, learning rate and minibatches. Xavier's 1/2 per layer compounds to 2^-(L-1)/2 in the logits
 * and in every weight's gradient, so at 30 layers the loss stays at ln 10 = 2.303.
 */
import { Generator } from '@poise/tensor';
import { convClassifier } from './networks';
import { firstStepBelow, testError, trainClassifier, type TrainConfig } from './train';
import type { He2015Data } from './data';

export const CONVERGENCE_SCHEMES = ['xavier', 'kaiming-fan-in'] as const;
export type ConvergenceScheme = (typeof CONVERGENCE_SCHEMES)[number];

export interface ConvergenceConfig extends TrainConfig {
  depths: number[];
  channels: number;
  /** Training errors (fractions) whose first step is reported, from a running mean over `window` steps. */
  errorThresholds: number[];
  window: number;
}

export interface ConvergenceRun {
  depth: number;
  scheme: ConvergenceScheme;
  loss: Float32Array;
  error: Float32Array;
  /** Mean training loss over the last `window` steps. */
  finalLoss: number;
  /** The smallest running-mean training loss over `window` steps. */
  bestLoss: number;
  /** threshold -> first step its running-mean error is at or below it (null: never within the budget). */
  stepsToError: Record<string, number | null>;
  testError: number;
  seconds: number;
}

export function runConvergence(
  data: He2015Data,
  cfg: ConvergenceConfig,
  opts: { onStep?: (run: { depth: number; scheme: ConvergenceScheme }, step: number, loss: number) => void; onRun?: (run: ConvergenceRun) => void } = {},
): ConvergenceRun[] {
  if (!Number.isInteger(cfg.window) || cfg.window < 1 || cfg.window > cfg.steps) {
    throw new RangeError(`he2015: convergence.window must be an integer in [1, steps], got ${cfg.window}`);
  }
  const runs: ConvergenceRun[] = [];
  for (const depth of cfg.depths) {
    for (const scheme of CONVERGENCE_SCHEMES) {
      // The same seed for both schemes: same minibatches, and weights that differ only by their scale.
      const model = convClassifier({ depth, channels: cfg.channels, side: data.side, scheme }, new Generator().manualSeed(cfg.seed));
      const curves = trainClassifier(model, data.train, cfg, { onStep: (s, l) => opts.onStep?.({ depth, scheme }, s, l) });
      const run: ConvergenceRun = {
        depth,
        scheme,
        loss: curves.loss,
        error: curves.error,
        finalLoss: mean(curves.loss.subarray(curves.loss.length - cfg.window)),
        bestLoss: bestRunningMean(curves.loss, cfg.window),
        stepsToError: Object.fromEntries(cfg.errorThresholds.map((t) => [String(t), firstStepBelow(curves.error, t, cfg.window)])),
        testError: testError(model, data.test),
        seconds: curves.seconds,
      };
      runs.push(run);
      opts.onRun?.(run);
    }
  }
  return runs;
}

function mean(xs: Float32Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function bestRunningMean(xs: Float32Array, window: number): number {
  let acc = 0;
  let best = Infinity;
  for (let i = 0; i < xs.length; i++) {
    acc += xs[i];
    if (i >= window) acc -= xs[i - window];
    if (i >= window - 1) best = Math.min(best, acc / window);
  }
  return best;
}
