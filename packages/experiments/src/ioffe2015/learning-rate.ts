/**
 * Section 4.2 of the paper on a small conv net: batch norm lets the learning rate go up. The paper's
 * Figure 3 table gives, for Inception and its BN variants, the steps needed to reach Inception's best
 * accuracy and the best accuracy reached; this is the same table for MNIST, with the no-BN network at
 * the base rate as "Inception".
 */
import { Generator } from '@poise/tensor';
import type { Sequential } from '@poise/nn';
import type { LearningRateConfig } from './config';
import { head, type Ioffe2015Data } from './data';
import { smallConvNet, type Activation } from './models';
import { stepsToReach, trainClassifier, type TrainCurve } from './train';

export interface LrVariant {
  /** The paper's naming: 'BN-x5' is batch norm at 5 times the base rate. */
  name: string;
  bn: boolean;
  activation: Activation;
  /** The learning rate is `multiplier * baseLr`. */
  multiplier: number;
  /** What the paper reports for its Inception analogue, in words. */
  paper: string;
}

export const LR_VARIANTS: readonly LrVariant[] = [
  { name: 'Baseline', bn: false, activation: 'relu', multiplier: 1, paper: 'Inception: 72.2% after 31.0M steps' },
  { name: 'BN-Baseline', bn: true, activation: 'relu', multiplier: 1, paper: '72.2% in 13.3M steps, best 72.7%' },
  { name: 'BN-x5', bn: true, activation: 'relu', multiplier: 5, paper: '72.2% in 2.1M steps, best 73.0%' },
  { name: 'BN-x30', bn: true, activation: 'relu', multiplier: 30, paper: '72.2% in 2.7M steps, best 74.8%' },
  { name: 'noBN-x5', bn: false, activation: 'relu', multiplier: 5, paper: 'not run (higher rates without BN diverge or stall: section 3.3)' },
  { name: 'noBN-x30', bn: false, activation: 'relu', multiplier: 30, paper: 'not run (section 3.3)' },
  { name: 'BN-x5-Sigmoid', bn: true, activation: 'sigmoid', multiplier: 5, paper: 'best 69.8%' },
  { name: 'noBN-x5-Sigmoid', bn: false, activation: 'sigmoid', multiplier: 5, paper: 'Inception with sigmoid: never better than 1/1000 accuracy' },
];

export interface LrRun {
  variant: LrVariant;
  lr: number;
  model: Sequential;
  curve: TrainCurve;
  maxAccuracy: number;
  finalAccuracy: number;
  /** Steps to reach the Baseline's best accuracy (the table's target), null if never. */
  stepsToTarget: number | null;
  diverged: boolean;
}

export interface LearningRateResult {
  config: LearningRateConfig;
  /** Test images the accuracies are measured on. */
  testImages: number;
  /** The Baseline's best test accuracy: what every other run must reach. */
  target: number;
  runs: LrRun[];
  run(name: string): LrRun;
}

/**
 * Trains every variant (all from the same seed: same init draws for the same architecture, same batches)
 * on the training set, measuring accuracy on the first `testLimit` test images. `variants` defaults to
 * all of LR_VARIANTS and must contain 'Baseline', which sets the target.
 */
export function runLearningRateStudy(
  data: Ioffe2015Data,
  cfg: LearningRateConfig,
  onStep?: (variant: string, step: number, loss: number) => void,
  variants: readonly LrVariant[] = LR_VARIANTS,
): LearningRateResult {
  if (!variants.some((v) => v.name === 'Baseline')) throw new RangeError("ioffe2015: the learning-rate study needs the 'Baseline' variant (it sets the target accuracy)");
  const test = head(data.test, cfg.testLimit);
  const trained = variants.map((variant) => {
    const g = new Generator().manualSeed(cfg.seed);
    const model = smallConvNet(variant.bn, variant.activation, g, cfg.channels);
    const lr = cfg.baseLr * variant.multiplier;
    const curve = trainClassifier(model, data.train, {
      steps: cfg.steps, batchSize: cfg.batchSize, lr, momentum: cfg.momentum, evalEvery: cfg.evalEvery, generator: g, test,
      onStep: (s, l) => onStep?.(variant.name, s, l),
    });
    return { variant, lr, model, curve };
  });
  const baseline = trained.find((t) => t.variant.name === 'Baseline')!;
  const target = Math.max(...baseline.curve.accuracy);
  const runs = trained.map((t) => ({
    ...t,
    maxAccuracy: Math.max(...t.curve.accuracy),
    finalAccuracy: t.curve.accuracy[t.curve.accuracy.length - 1],
    stepsToTarget: stepsToReach(t.curve, target),
    diverged: t.curve.divergedAt !== null,
  }));
  return {
    config: cfg,
    testImages: test.images.shape[0],
    target,
    runs,
    run(name) {
      const r = runs.find((x) => x.variant.name === name);
      if (!r) throw new RangeError(`ioffe2015: no learning-rate run named '${name}'; runs: ${runs.map((x) => x.variant.name).join(', ')}`);
      return r;
    },
  };
}
