/**
 * The training loop shared by every run of the study: SGD on random mini-batches with cross-entropy, test
 * accuracy every `evalEvery` steps, and a clean stop when the loss stops being finite (a network trained
 * at too high a rate diverges; the paper's no-BN runs at 30x are the case in point).
 */
import { Generator, randint, tidy, type Tensor } from '@poise/tensor';
import { SGD, crossEntropy, type Module } from '@poise/nn';
import { accuracy } from '../classification';
import type { Split } from './data';

export interface TrainOptions {
  steps: number;
  batchSize: number;
  lr: number;
  momentum?: number;
  evalEvery: number;
  generator: Generator;
  test: Split;
  /** Called after every optimizer step (the recorder's `step(opt)` goes here). */
  afterStep?: (step: number, optimizer: SGD) => void;
  /** Progress: called after every step with the training loss. */
  onStep?: (step: number, loss: number) => void;
}

export interface TrainCurve {
  /** Steps (counted from 1) at which test accuracy was measured. */
  steps: number[];
  accuracy: number[];
  /** Training loss at every step run (shorter than `steps` requested when the run diverged). */
  losses: Float32Array;
  /** The first step (from 1) whose loss was not finite, or null. */
  divergedAt: number | null;
  seconds: number;
}

export { accuracy, countCorrect } from '../classification';

/** Trains `model` in place with SGD and returns its test-accuracy curve. */
export function trainClassifier(model: Module & { forward(x: Tensor): Tensor }, train: Split, opts: TrainOptions): TrainCurve {
  const start = performance.now();
  const optimizer = new SGD(model.parameters(), { lr: opts.lr, momentum: opts.momentum ?? 0 });
  const n = train.images.shape[0];
  const curve: TrainCurve = { steps: [], accuracy: [], losses: new Float32Array(opts.steps), divergedAt: null, seconds: 0 };
  model.train();
  for (let i = 1; i <= opts.steps; i++) {
    // One scope per step: the batch, the graph and the gradients are freed (the WASM heap stays flat); the
    // parameters and the optimizer's typed-array buffers are updated in place and survive it.
    const loss = tidy(() => {
      const ix = randint(0, n, [opts.batchSize], { generator: opts.generator });
      const l = crossEntropy(model.forward(train.images.index(ix)), train.labels.index(ix));
      optimizer.zeroGrad();
      l.backward();
      const value = l.item();
      if (Number.isFinite(value)) {
        optimizer.step();
        opts.afterStep?.(i - 1, optimizer);
      }
      return value;
    });
    curve.losses[i - 1] = loss;
    if (!Number.isFinite(loss)) {
      // The weights are no longer numbers, so every later step would be too: measure once and stop.
      curve.divergedAt = i;
      curve.losses = curve.losses.slice(0, i);
      curve.steps.push(i);
      curve.accuracy.push(accuracy(model, opts.test));
      opts.onStep?.(opts.steps - 1, loss); // completes the caller's progress bar: no more steps will come
      break;
    }
    if (i % opts.evalEvery === 0 || i === opts.steps) {
      curve.steps.push(i);
      curve.accuracy.push(accuracy(model, opts.test));
    }
    opts.onStep?.(i - 1, loss);
  }
  curve.seconds = (performance.now() - start) / 1000;
  return curve;
}

/** The first measured step at which the curve reaches `target` accuracy, or null if it never does. */
export function stepsToReach(curve: Pick<TrainCurve, 'steps' | 'accuracy'>, target: number): number | null {
  const i = curve.accuracy.findIndex((a) => a >= target);
  return i < 0 ? null : curve.steps[i];
}
