/**
 * Part 1, signal propagation at initialization (He et al. Sec. 2.2, Eq. 10 and 14): one forward and one
 * backward pass through plain rectifier nets of depth up to 30, measuring at every weight layer the std of
 * its output y_l and of the gradient Δy_l, next to the theory of ./theory.ts.
 */
import { Generator, randn } from '@poise/tensor';
import { Conv2d, Linear, type Module } from '@poise/nn';
import { signalPropagation } from '@poise/diagnostics';
import { plainNet, stageWidths, type Rectifier } from './networks';
import { INIT_SCHEMES, plainFans, theoryStd, weightVariance, type InitScheme, type LayerFans } from './theory';

export interface SignalConfig {
  depth: number;
  /** MLP widths: three stages of mlpBase, 2 mlpBase, 4 mlpBase units, on inputs of mlpInputs features. */
  mlpBase: number;
  mlpInputs: number;
  mlpBatch: number;
  /** Conv widths: three stages of convBase, 2 convBase, 4 convBase channels of 3x3 convolutions on 1-channel convSide x convSide inputs. */
  convBase: number;
  convSide: number;
  convBatch: number;
  /** The negative slope of the leaky ReLU / PReLU-at-init runs (PReLU's init, 0.25). */
  leakySlope: number;
  seed: number;
}

export interface SignalRun {
  kind: 'mlp' | 'conv';
  scheme: InitScheme;
  /** The rectifier's negative slope (0: ReLU). */
  slope: number;
  /** The slope the Kaiming gain was computed for. */
  initSlope: number;
  /** A short name for charts and tables. */
  label: string;
  fans: LayerFans[];
  /** Var[w] of each layer, as the scheme draws it. */
  variances: number[];
  /** Measured std of y_l and of Δy_l (the gradient of the loss at y_l), l = 1..depth. */
  forwardStd: number[];
  backwardStd: number[];
  /** The same predicted by the theory, anchored at forwardStd[0] and backwardStd[depth - 1]. */
  theoryForward: number[];
  theoryBackward: number[];
}

export interface SignalResult {
  config: SignalConfig;
  runs: SignalRun[];
}

const isWeightLayer = (_: string, m: Module): boolean => m instanceof Linear || m instanceof Conv2d;

/** Measures one plain net (a fresh one from `seed`) on N(0, 1) inputs, the i.i.d. inputs the analysis assumes. */
export function measureSignal(
  kind: 'mlp' | 'conv',
  scheme: InitScheme,
  cfg: SignalConfig,
  opts: { rectifier?: Rectifier; initSlope?: number } = {},
): SignalRun {
  const rectifier = opts.rectifier ?? { kind: 'relu' };
  const slope = rectifier.kind === 'relu' ? 0 : rectifier.kind === 'leaky' ? rectifier.slope : rectifier.init;
  const initSlope = opts.initSlope ?? slope;
  const mlp = kind === 'mlp';
  const widths = stageWidths(cfg.depth, mlp ? cfg.mlpBase : cfg.convBase);
  const inputs = mlp ? cfg.mlpInputs : 1;
  const g = new Generator().manualSeed(cfg.seed);
  const net = plainNet({ kind, inputs, widths, scheme, rectifier, initSlope }, g);
  const x = mlp ? randn([cfg.mlpBatch, inputs], { generator: g }) : randn([cfg.convBatch, 1, cfg.convSide, cfg.convSide], { generator: g });
  const measured = signalPropagation(net, x, { generator: g, layers: isWeightLayer }).layers;
  if (measured.length !== cfg.depth) throw new Error(`he2015: measured ${measured.length} weight layers, expected ${cfg.depth}`);
  const forwardStd = measured.map((l) => l.activationStd);
  const backwardStd = measured.map((l) => l.gradientStd);
  const fans = plainFans(inputs, widths, mlp ? 1 : 3);
  const variances = fans.map((f) => weightVariance(scheme, f, initSlope));
  const theory = theoryStd(fans, variances, { forwardFirst: forwardStd[0], backwardLast: backwardStd[cfg.depth - 1] }, slope);
  const label = slope === 0 ? scheme : `${scheme}, a=${slope}, gain for a=${initSlope}`;
  return { kind, scheme, slope, initSlope, label, fans, variances, forwardStd, backwardStd, theoryForward: theory.forward, theoryBackward: theory.backward };
}

/**
 * Every scheme on the MLP and on the conv stack with ReLU, then the leaky ReLU (slope a) MLP initialised
 * with Kaiming fan-in for a (gain sqrt(2/(1+a^2))) and, for contrast, with the ReLU gain sqrt(2).
 */
export function runSignal(cfg: SignalConfig, onRun?: (run: SignalRun) => void): SignalResult {
  checkSignalConfig(cfg);
  const runs: SignalRun[] = [];
  const add = (r: SignalRun) => {
    runs.push(r);
    onRun?.(r);
  };
  for (const kind of ['mlp', 'conv'] as const) for (const scheme of INIT_SCHEMES) add(measureSignal(kind, scheme, cfg));
  const leaky: Rectifier = { kind: 'leaky', slope: cfg.leakySlope };
  add(measureSignal('mlp', 'kaiming-fan-in', cfg, { rectifier: leaky }));
  add(measureSignal('mlp', 'kaiming-fan-in', cfg, { rectifier: leaky, initSlope: 0 }));
  return { config: cfg, runs };
}

function checkSignalConfig(cfg: SignalConfig): void {
  for (const key of ['depth', 'mlpBase', 'mlpInputs', 'mlpBatch', 'convBase', 'convSide', 'convBatch'] as const) {
    const v = cfg[key];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`he2015: signal.${key} must be a positive integer, got ${v}`);
  }
  if (cfg.depth < 2) throw new RangeError(`he2015: signal.depth must be at least 2, got ${cfg.depth}`);
  if (!(cfg.leakySlope > 0 && cfg.leakySlope < 1)) throw new RangeError(`he2015: signal.leakySlope must be in (0, 1), got ${cfg.leakySlope}`);
}

/** The ratio of the last layer's std to the first's, forward, and of the first's to the last's, backward. */
export function endToEnd(run: SignalRun): { forward: number; backward: number } {
  const L = run.forwardStd.length;
  return { forward: run.forwardStd[L - 1] / run.forwardStd[0], backward: run.backwardStd[0] / run.backwardStd[L - 1] };
}
