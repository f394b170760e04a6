/**
 * The configuration of the Ioffe & Szegedy 2015 study and its two scales. `full` is the paper's step count
 * for Figure 1 (50,000 steps); `quick` is what CI and `npm run reproduce` can afford (about 3 minutes on
 * 2 cores with the WASM backend), enough for every effect the paper reports to show.
 */
import type { Scale } from '../study-command';

/** Figure 1: a 784-100-100-100-10 sigmoid MLP on MNIST, with and without BN after each hidden linear map. */
export interface Figure1Config {
  steps: number;
  /** The paper: mini-batches of 60. */
  batchSize: number;
  /**
   * Plain SGD. The paper gives no rate; 0.1 trains both networks from this init (no-BN more slowly, which is
   * the figure's point). With N(0, 0.01²) weights the no-BN network's last-layer inputs start as constants
   * in float32 and it stays at chance for thousands of steps, so 0.1 is used as the "small" std.
   */
  lr: number;
  /** "Small random Gaussian values": N(0, initStd²) weights, zero biases. */
  initStd: number;
  hidden: number;
  /** Test accuracy is measured every `evalEvery` steps (and at the last step). */
  evalEvery: number;
  /** The recorder samples the last sigmoid's input every `recordEvery` steps. */
  recordEvery: number;
  /** The "typical sigmoid" of Figure 1(b, c): this unit of the last hidden layer. */
  unit: number;
  seed: number;
}

/** The section 4.2 analogues: a small conv net trained at multiples of a base learning rate. */
export interface LearningRateConfig {
  steps: number;
  batchSize: number;
  /** The rate at which the network without BN trains well (SGD with momentum). */
  baseLr: number;
  momentum: number;
  evalEvery: number;
  /** Test images used for the curves (the whole test set at full scale). */
  testLimit: number;
  /** Channels of the two 5x5 conv layers. */
  channels: [number, number];
  seed: number;
}

/** Algorithm 2: inference with running averages, population statistics or (wrongly) batch statistics. */
export interface InferenceConfig {
  /** Test batch sizes for the batch-statistics-at-test-time comparison. */
  testBatchSizes: number[];
  /** Test images used for the batch-statistics comparison (it runs one forward per small batch). */
  batchStatsTestLimit: number;
  /** Training images (in batches of Figure 1's size) for the population statistics; all when larger. */
  populationExamples: number;
}

export interface Ioffe2015Config {
  figure1: Figure1Config;
  learningRate: LearningRateConfig;
  inference: InferenceConfig;
}

const FIGURE1_BASE = { batchSize: 60, lr: 0.1, initStd: 0.1, hidden: 100, unit: 0, seed: 2015 };
const LR_BASE = { batchSize: 60, baseLr: 0.01, momentum: 0.9, channels: [4, 8] as [number, number], seed: 2015 };

export const IOFFE2015_SCALES: Record<Scale, Ioffe2015Config> = {
  quick: {
    figure1: { ...FIGURE1_BASE, steps: 2500, evalEvery: 125, recordEvery: 25 },
    learningRate: { ...LR_BASE, steps: 300, evalEvery: 25, testLimit: 2000 },
    inference: { testBatchSizes: [2, 8, 60], batchStatsTestLimit: 2000, populationExamples: 60_000 },
  },
  full: {
    figure1: { ...FIGURE1_BASE, steps: 50_000, evalEvery: 500, recordEvery: 250 },
    learningRate: { ...LR_BASE, steps: 3000, evalEvery: 100, testLimit: 10_000 },
    inference: { testBatchSizes: [2, 8, 60], batchStatsTestLimit: 10_000, populationExamples: 60_000 },
  },
};

/** `base` with the fields of `over` that are set; throws on a non-positive or non-integer step count. */
export function resolveConfig(scale: Scale, over: DeepPartial<Ioffe2015Config> = {}): Ioffe2015Config {
  if (scale !== 'quick' && scale !== 'full') throw new RangeError(`ioffe2015: scale must be 'quick' or 'full', got ${String(scale)}`);
  const base = IOFFE2015_SCALES[scale];
  const cfg: Ioffe2015Config = {
    figure1: { ...base.figure1, ...over.figure1 },
    learningRate: { ...base.learningRate, ...(over.learningRate as Partial<LearningRateConfig>) },
    inference: { ...base.inference, ...(over.inference as Partial<InferenceConfig>) },
  };
  for (const [where, c] of [['figure1', cfg.figure1], ['learningRate', cfg.learningRate]] as const) {
    for (const key of ['steps', 'batchSize', 'evalEvery'] as const) {
      const v = c[key];
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`ioffe2015: ${where}.${key} must be a positive integer, got ${v}`);
    }
  }
  if (cfg.figure1.batchSize < 2) throw new RangeError('ioffe2015: figure1.batchSize must be at least 2 (batch norm needs 2 examples)');
  return cfg;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
