/**
 * Classification accuracy, shared by the studies: in eval mode, in chunks, each chunk inside `tidy`; a row of
 * logits with a NaN or an infinity never counts as correct.
 */
import { noGrad, tidy, type Tensor } from '@poise/tensor';
import type { Module } from '@poise/nn';

/** Fraction of `split` classified correctly, in eval mode (the module's mode is restored), in chunks. */
export function accuracy(model: Module & { forward(x: Tensor): Tensor }, split: { images: Tensor; labels: Tensor }, chunk = 1000): number {
  const wasTraining = model.training;
  model.eval();
  try {
    const n = split.images.shape[0];
    let correct = 0;
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      correct += tidy(() => noGrad(() => countCorrect(model.forward(split.images.narrow(0, start, len)), split.labels.narrow(0, start, len))));
    }
    return correct / n;
  } finally {
    model.train(wasTraining);
  }
}

/** How many rows of `logits` have their largest entry at the label. NaN logits count as wrong. */
export function countCorrect(logits: Tensor, labels: Tensor): number {
  const pred = logits.argmax(1).toTypedArray();
  const y = labels.toTypedArray();
  // argmax of a row with NaNs is arbitrary: a diverged network must not score by luck.
  const values = logits.toTypedArray() as Float32Array;
  const k = logits.shape[1];
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    if (pred[i] !== y[i]) continue;
    let finite = true;
    for (let j = i * k; j < (i + 1) * k; j++) finite &&= Number.isFinite(values[j]);
    if (finite) correct++;
  }
  return correct;
}
