/**
 * The whole Ioffe & Szegedy 2015 study as one function: Figure 1 (a, b, c), the section 4.2 learning-rate
 * table on a conv net, and Algorithm 2's inference statistics on Figure 1's BN network.
 */
import type { Scale } from '../study-command';
import { resolveConfig, type DeepPartial, type Ioffe2015Config } from './config';
import type { Ioffe2015Data } from './data';
import { runFigure1, type Figure1Result } from './figure1';
import { compareInferenceStatistics, type InferenceResult } from './inference';
import { runLearningRateStudy, type LearningRateResult } from './learning-rate';

export interface Ioffe2015Progress {
  /** 'Figure 1: With BN', 'Section 4.2: BN-x5', ... */
  run: string;
  /** Steps done in this run, and its total. */
  step: number;
  steps: number;
  loss: number;
}

export interface Ioffe2015Result {
  study: 'ioffe2015';
  scale: Scale | 'custom';
  config: Ioffe2015Config;
  figure1: Figure1Result;
  learningRate: LearningRateResult;
  inference: InferenceResult;
  dataSource: string;
  /** Training images available (MNIST's 60,000, or 10,000 embedded digits). */
  trainImages: number;
  seconds: number;
}

/**
 * Runs the study at `scale` ('quick' by default), with any config field overridden (`{ figure1: { steps: 500 } }`
 * makes the scale 'custom'). `onProgress` is called after every training step.
 */
export function runIoffe2015(
  data: Ioffe2015Data,
  options: { scale?: Scale; overrides?: DeepPartial<Ioffe2015Config> } = {},
  onProgress?: (p: Ioffe2015Progress) => void,
): Ioffe2015Result {
  const start = performance.now();
  const scale = options.scale ?? 'quick';
  const config = resolveConfig(scale, options.overrides);
  const report = (run: string, steps: number) => (step: number, loss: number) => onProgress?.({ run, step: step + 1, steps, loss });
  const figure1 = runFigure1(data, config.figure1, (n, s, l) => report(`Figure 1: ${n}`, config.figure1.steps)(s, l));
  const learningRate = runLearningRateStudy(data, config.learningRate, (n, s, l) => report(`Section 4.2: ${n}`, config.learningRate.steps)(s, l));
  const inference = compareInferenceStatistics(figure1.withBN.model, data, config.inference, config.figure1.batchSize);
  const custom = options.overrides !== undefined && Object.values(options.overrides).some((o) => o && Object.keys(o).length > 0);
  return {
    study: 'ioffe2015',
    scale: custom ? 'custom' : scale,
    config,
    figure1,
    learningRate,
    inference,
    dataSource: data.source,
    trainImages: data.train.images.shape[0],
    seconds: (performance.now() - start) / 1000,
  };
}
