/**
 * The diagnostics tour: Karpathy's deeper makemore MLP (five hidden layers of 100 tanh units) under five
 * initializations, measured with `@poise/diagnostics` at initialization (`signalPropagation`) and while it
 * trains (`watch`), with a `report` per scheme. Notebook 02 calls this and only draws its results.
 */
import { Generator, noGrad, randint, type Tensor } from '@poise/tensor';
import { Embedding, Flatten, Linear, Sequential, SGD, Tanh, crossEntropy, type Module } from '@poise/nn';
import { BatchNorm1d } from '@poise/norm';
import { kaimingNormal, normal, zeros } from '@poise/init';
import { report, signalPropagation, watch, type Recorder, type Report, type SignalPropagation } from '@poise/diagnostics';
import type { MakemoreDataset as MakemoreData } from '@poise/datasets';
import { SCALES, type Scale } from '../makemore/study';

export const TOUR_SCHEMES = ['randn', 'gain 1', 'kaiming', 'randn + batchnorm', 'kaiming + batchnorm'] as const;
export type TourScheme = (typeof TOUR_SCHEMES)[number];

export interface DiagnosticsTourConfig {
  schemes: readonly TourScheme[];
  /** Training steps per scheme (quick: 1,000; full: the seeds' 200,000). */
  steps: number;
  /** The learning rate drops from `lr` to `lr / 10` at this step. */
  decayAt: number;
  /** The recorder samples one step in `every` (default: 100 samples per run). */
  every: number;
  lr: number;
  batchSize: number;
  /** Generator seed of every network's init and batches. */
  seed: number;
  /** Generator seed of the step-0 probe batch. */
  probeSeed: number;
  nEmbd: number;
  nHidden: number;
  depth: number;
}

export const DIAGNOSTICS_TOUR_SCALES: Record<Scale, Pick<DiagnosticsTourConfig, 'steps' | 'decayAt'>> = {
  quick: { steps: 1000, decayAt: 1000 },
  full: { steps: SCALES.full.steps, decayAt: SCALES.full.decayAt },
};

export interface DiagnosticsTourRun {
  scheme: TourScheme;
  /** One forward and backward pass of the fresh network on the probe batch. */
  atInit: SignalPropagation;
  /** `report(atInit.recorder)`. */
  initReport: Report;
  /** The trained network. */
  model: Sequential;
  /** What `watch(model, { every })` recorded while training (removed from the model). */
  recorder: Recorder;
  /** `report(recorder)`: each layer at the last sampled step. */
  report: Report;
  /** The training loss at every step. */
  losses: number[];
  /** Loss on the validation split after training (batch norm: running statistics). */
  val: number;
  seconds: number;
}

export interface DiagnosticsTourResult {
  study: 'diagnostics-tour';
  scale: Scale | 'custom';
  config: DiagnosticsTourConfig;
  runs: DiagnosticsTourRun[];
  /** The run of a scheme. */
  run(scheme: TourScheme): DiagnosticsTourRun;
}

/** The deep MLP of the lecture with one of the five initializations. */
export function deepMlp(
  scheme: TourScheme,
  g: Generator,
  shape: { vocabSize: number; blockSize: number; nEmbd?: number; nHidden?: number; depth?: number },
): Sequential {
  const { vocabSize, blockSize, nEmbd = 10, nHidden = 100, depth = 5 } = shape;
  const bn = scheme.endsWith('batchnorm');
  const layers: Module[] = [new Embedding(vocabSize, nEmbd, { generator: g }), new Flatten()];
  let fanIn = nEmbd * blockSize;
  for (let i = 0; i < depth; i++) {
    layers.push(new Linear(fanIn, nHidden, { bias: !bn, generator: g })); // batch norm subtracts any bias
    if (bn) layers.push(new BatchNorm1d(nHidden));
    layers.push(new Tanh());
    fanIn = nHidden;
  }
  const last = new Linear(nHidden, vocabSize, { bias: !bn, generator: g });
  layers.push(last);
  const lastNorm = bn ? new BatchNorm1d(vocabSize) : null;
  if (lastNorm) layers.push(lastNorm);
  for (const m of layers) {
    if (!(m instanceof Linear)) continue;
    if (scheme === 'gain 1') kaimingNormal(m.weight, { nonlinearity: 'linear', generator: g });
    else if (scheme.startsWith('kaiming')) kaimingNormal(m.weight, { nonlinearity: 'tanh', generator: g });
    else normal(m.weight, 0, 1, { generator: g });
    if (m.bias) zeros(m.bias);
  }
  // Karpathy: "make the last layer less confident" (its batch norm gain when there is one).
  noGrad(() => (lastNorm ? lastNorm.weight! : last.weight).mul_(0.1));
  return new Sequential(...layers);
}

function evalLoss(model: Sequential, X: Tensor, Y: Tensor): number {
  model.eval(); // batch norm: the running statistics
  const loss = noGrad(() => crossEntropy(model.forward(X), Y).item());
  model.train();
  return loss;
}

/**
 * Runs the tour: for each scheme, the step-0 signal propagation on one probe batch, then training with SGD
 * while `watch` records every layer. `onRun` is called after each scheme (for progress output).
 */
export function runDiagnosticsTour(
  data: MakemoreData,
  config: Partial<DiagnosticsTourConfig> & { scale?: Scale } = {},
  onRun?: (run: DiagnosticsTourRun) => void,
): DiagnosticsTourResult {
  const { scale, ...rest } = config;
  const steps = rest.steps ?? DIAGNOSTICS_TOUR_SCALES[scale ?? 'quick'].steps;
  const cfg: DiagnosticsTourConfig = {
    schemes: TOUR_SCHEMES,
    decayAt: rest.steps !== undefined ? steps : DIAGNOSTICS_TOUR_SCALES[scale ?? 'quick'].decayAt,
    every: Math.max(1, Math.floor(steps / 100)),
    lr: 0.1,
    batchSize: 32,
    seed: 2147483647,
    probeSeed: 42,
    nEmbd: 10,
    nHidden: 100,
    depth: 5,
    ...rest,
    steps,
  };
  if (!Number.isInteger(cfg.steps) || cfg.steps < 1) throw new RangeError(`diagnostics-tour: steps must be a positive integer, got ${cfg.steps}`);
  for (const s of cfg.schemes) {
    if (!TOUR_SCHEMES.includes(s)) throw new RangeError(`diagnostics-tour: unknown scheme '${String(s)}'; expected one of ${TOUR_SCHEMES.join(', ')}`);
  }
  const { X: Xtr, Y: Ytr } = data.train;
  const shape = { vocabSize: data.vocabSize, blockSize: data.blockSize, nEmbd: cfg.nEmbd, nHidden: cfg.nHidden, depth: cfg.depth };
  const probe = randint(0, Xtr.shape[0], [cfg.batchSize], { generator: new Generator().manualSeed(cfg.probeSeed) });
  const Xb = Xtr.index(probe);
  const Yb = Ytr.index(probe);

  const runs: DiagnosticsTourRun[] = [];
  for (const scheme of cfg.schemes) {
    const atInit = signalPropagation(deepMlp(scheme, new Generator().manualSeed(cfg.seed), shape), Xb, {
      loss: (logits) => crossEntropy(logits, Yb),
    });
    const start = performance.now();
    const g = new Generator().manualSeed(cfg.seed);
    const model = deepMlp(scheme, g, shape);
    const optimizer = new SGD(model.parameters(), { lr: cfg.lr });
    const recorder = watch(model, { every: cfg.every });
    const losses: number[] = [];
    for (let i = 0; i < cfg.steps; i++) {
      const ix = randint(0, Xtr.shape[0], [cfg.batchSize], { generator: g });
      const loss = crossEntropy(model.forward(Xtr.index(ix)), Ytr.index(ix));
      optimizer.zeroGrad();
      loss.backward();
      const lr = i < cfg.decayAt ? cfg.lr : cfg.lr / 10;
      optimizer.paramGroups[0].options.lr = lr;
      optimizer.step();
      recorder.step(lr);
      losses.push(loss.item());
    }
    recorder.remove();
    const run: DiagnosticsTourRun = {
      scheme,
      atInit,
      initReport: report(atInit.recorder),
      model,
      recorder,
      report: report(recorder),
      losses,
      val: evalLoss(model, data.val.X, data.val.Y),
      seconds: (performance.now() - start) / 1000,
    };
    runs.push(run);
    onRun?.(run);
  }
  return {
    study: 'diagnostics-tour',
    scale: scale ?? (rest.steps === undefined ? 'quick' : 'custom'),
    config: cfg,
    runs,
    run(scheme) {
      const r = runs.find((x) => x.scheme === scheme);
      if (!r) throw new RangeError(`diagnostics-tour: no run for scheme '${scheme}'`);
      return r;
    },
  };
}
