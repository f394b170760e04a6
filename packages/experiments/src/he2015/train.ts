/**
 * The training loop shared by parts 2 and 3: SGD with momentum on random minibatches, recording the loss and
 * the minibatch error at every step, each step inside `tidy` so WASM storage is freed.
 */
import { Generator, noGrad, randint, tidy, type Tensor } from '@poise/tensor';
import { SGD, crossEntropy, type Module } from '@poise/nn';
import { accuracy, countCorrect } from '../classification';

export interface TrainConfig {
  steps: number;
  batchSize: number;
  lr: number;
  momentum: number;
  /** L2 weight decay of every parameter not in `noDecay`. */
  weightDecay: number;
  seed: number;
}

export interface TrainCurves {
  /** Training loss and minibatch error (fraction misclassified) at every step. */
  loss: Float32Array;
  error: Float32Array;
  seconds: number;
}

/** Fraction of rows of `logits` whose argmax is not `labels` (rows with non-finite logits count as wrong). */
export function errorRate(logits: Tensor, labels: Tensor): number {
  return 1 - countCorrect(logits, labels) / labels.shape[0];
}

/**
 * Trains `model` on (images, labels). Parameters in `noDecay` (PReLU's slopes) get their own optimizer group
 * with weight decay 0, as in He et al. Sec. 2.1 ("we do not use weight decay when updating a_i").
 */
export function trainClassifier(
  model: Module,
  data: { images: Tensor; labels: Tensor },
  cfg: TrainConfig,
  opts: { noDecay?: readonly Tensor[]; onStep?: (step: number, loss: number) => void } = {},
): TrainCurves {
  if (!Number.isInteger(cfg.steps) || cfg.steps < 1) throw new RangeError(`he2015: steps must be a positive integer, got ${cfg.steps}`);
  if (!(cfg.lr > 0)) throw new RangeError(`he2015: lr must be positive, got ${cfg.lr}`);
  const noDecay = new Set(opts.noDecay ?? []);
  const decayed = model.parameters().filter((p) => !noDecay.has(p));
  const groups = [{ params: decayed }, ...(noDecay.size > 0 ? [{ params: [...noDecay], options: { weightDecay: 0 } }] : [])];
  const opt = new SGD(groups, { lr: cfg.lr, momentum: cfg.momentum, weightDecay: cfg.weightDecay });
  const g = new Generator().manualSeed(cfg.seed);
  const n = data.images.shape[0];
  const loss = new Float32Array(cfg.steps);
  const error = new Float32Array(cfg.steps);
  const start = performance.now();
  model.train();
  for (let step = 0; step < cfg.steps; step++) {
    const [l, e] = tidy(() => {
      const ix = randint(0, n, [cfg.batchSize], { generator: g });
      const yb = data.labels.index(ix);
      const logits = model.forward(data.images.index(ix) as never) as Tensor;
      const batchLoss = crossEntropy(logits, yb);
      opt.zeroGrad();
      batchLoss.backward();
      opt.step();
      return [batchLoss.item(), noGrad(() => errorRate(logits, yb))];
    });
    loss[step] = l;
    error[step] = e;
    opts.onStep?.(step, l);
  }
  return { loss, error, seconds: (performance.now() - start) / 1000 };
}

/** Error rate of `model` on a whole split, in eval mode and in chunks. */
export function testError(model: Module & { forward(x: Tensor): Tensor }, data: { images: Tensor; labels: Tensor }, chunk = 1000): number {
  return 1 - accuracy(model, data, chunk);
}

/** Means of consecutive windows of `window` steps, at the window's middle step (for curves and thresholds). */
export function windowMeans(values: Float32Array, window: number): { step: number[]; value: number[] } {
  const step: number[] = [];
  const value: number[] = [];
  for (let s = 0; s < values.length; s += window) {
    const end = Math.min(values.length, s + window);
    let acc = 0;
    for (let i = s; i < end; i++) acc += values[i];
    step.push((s + end - 1) / 2);
    value.push(acc / (end - s));
  }
  return { step, value };
}

/**
 * The first step at which the running mean of the last `window` values is at or below `threshold`, or null
 * if it never is: "the step at which the training error first reaches X".
 */
export function firstStepBelow(values: Float32Array, threshold: number, window: number): number | null {
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i];
    if (i >= window) acc -= values[i - window];
    if (i >= window - 1 && acc / window <= threshold) return i;
  }
  return null;
}
