/**
 * The he2015 study: the three parts (signal propagation, deep-net convergence, PReLU) as one function, on
 * the backend the caller selected (the CLI and the tests select WASM with `useWasm()`).
 */
import type { Scale } from '../study-command';
import { HE2015_SCALES, type He2015Config } from './config';
import { runConvergence, type ConvergenceRun, type ConvergenceScheme } from './convergence';
import { loadHe2015Data, type He2015Data } from './data';
import { runPrelu, type PreluRun, type PreluVariant } from './prelu';
import { runSignal, type SignalResult, type SignalRun } from './signal';

export interface He2015Result {
  study: 'he2015';
  scale: Scale | 'custom';
  config: He2015Config;
  dataSource: { train: string; test: string };
  trainExamples: number;
  testExamples: number;
  signal: SignalResult;
  convergence: ConvergenceRun[];
  prelu: PreluRun[];
  seconds: number;
}

/** Progress callbacks, one per kind of work (the CLI draws bars with them). */
export interface He2015Progress {
  onSignal?: (run: SignalRun) => void;
  onConvergenceStep?: (run: { depth: number; scheme: ConvergenceScheme }, step: number, loss: number) => void;
  onConvergenceRun?: (run: ConvergenceRun) => void;
  onPreluStep?: (variant: PreluVariant, step: number, loss: number) => void;
  onPreluRun?: (run: PreluRun) => void;
}

/** Runs the study at a scale, or with a custom config (`{ scale: 'quick', config: { ... } }` overrides parts). */
export async function runHe2015(
  options: { scale?: Scale; config?: Partial<He2015Config>; data?: He2015Data; dataPath?: string } = {},
  progress: He2015Progress = {},
): Promise<He2015Result> {
  const scale = options.scale ?? 'quick';
  if (scale !== 'quick' && scale !== 'full') throw new RangeError(`he2015: scale must be 'quick' or 'full', got '${String(scale)}'`);
  const config: He2015Config = { ...HE2015_SCALES[scale], ...options.config };
  const start = performance.now();
  const data = options.data ?? (await loadHe2015Data({ side: config.side, trainLimit: config.trainLimit, testLimit: config.testLimit, path: options.dataPath }));
  if (data.side !== config.side) throw new RangeError(`he2015: the data is ${data.side}x${data.side}, the config says side ${config.side}`);
  const signal = runSignal(config.signal, progress.onSignal);
  const convergence = runConvergence(data, config.convergence, { onStep: progress.onConvergenceStep, onRun: progress.onConvergenceRun });
  const prelu = runPrelu(data, config.prelu, { onStep: progress.onPreluStep, onRun: progress.onPreluRun });
  return {
    study: 'he2015',
    scale: options.config ? 'custom' : scale,
    config,
    dataSource: data.source,
    trainExamples: data.train.images.shape[0],
    testExamples: data.test.images.shape[0],
    signal,
    convergence,
    prelu,
    seconds: (performance.now() - start) / 1000,
  };
}
