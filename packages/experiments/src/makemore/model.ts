/**
 * The seeds' makemore MLP, written as the seeds write it: raw parameter tensors, a hand-rolled batch norm
 * with `.std(0)` and momentum 0.001 running statistics, and `p.data += -lr * p.grad`. Keeping the seeds'
 * own formulation (rather than nn modules) is what makes every number comparable with theirs.
 */
import { Generator, noGrad, ones, randn, zeros, type Tensor } from '@poise/tensor';
import { crossEntropy } from '@poise/nn';

export const VARIANTS = ['baseline', 'fixed-init', 'kaiming', 'batchnorm'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_DESCRIPTIONS: Record<Variant, string> = {
  baseline: 'plain randn weights: confidently wrong logits and saturated tanh units',
  'fixed-init': 'the magic-number fix: W1 * 0.1, b1 * 0.01, W2 * 0.01, b2 * 0',
  kaiming: "Kaiming's tanh gain: W1 * (5/3) / sqrt(fan_in), W2 * 0.01 (the seed's first model)",
  batchnorm: "batch norm on the hidden pre-activations, .std(0) and momentum 0.001 (the seed's second model)",
};

export interface MakemoreShape {
  vocabSize: number;
  blockSize: number;
  nEmbd: number;
  nHidden: number;
}

export const SEED_SHAPE: MakemoreShape = { vocabSize: 27, blockSize: 3, nEmbd: 10, nHidden: 200 };

/** The model's parameters and, for batch norm, its running statistics (buffers, not parameters). */
export interface MakemoreModel {
  variant: Variant;
  C: Tensor;
  W1: Tensor;
  b1: Tensor | null;
  W2: Tensor;
  b2: Tensor;
  bngain: Tensor | null;
  bnbias: Tensor | null;
  bnmeanRunning: Tensor | null;
  bnstdRunning: Tensor | null;
  parameters: Tensor[];
}

/** Draws the weights in the seeds' order from `g`, then scales them as the variant says. */
export function initModel(variant: Variant, g: Generator, shape: MakemoreShape = SEED_SHAPE): MakemoreModel {
  const { vocabSize, blockSize, nEmbd, nHidden } = shape;
  const fanIn = nEmbd * blockSize;
  const C = randn([vocabSize, nEmbd], { generator: g });
  let W1 = randn([fanIn, nHidden], { generator: g });
  let b1: Tensor | null = randn([nHidden], { generator: g });
  let W2 = randn([nHidden, vocabSize], { generator: g });
  let b2 = randn([vocabSize], { generator: g });
  if (variant === 'fixed-init') {
    [W1, b1, W2, b2] = [W1.mul(0.1), b1.mul(0.01), W2.mul(0.01), b2.mul(0)];
  } else if (variant === 'kaiming' || variant === 'batchnorm') {
    [W1, b1, W2, b2] = [W1.mul(5 / 3).div(fanIn ** 0.5), b1.mul(0.01), W2.mul(0.01), b2.mul(0)];
  }
  const bn = variant === 'batchnorm';
  // With batch norm the seed drops b1: the batch mean subtracts any bias anyway.
  if (bn) b1 = null;
  const model: MakemoreModel = {
    variant, C, W1, b1, W2, b2,
    bngain: bn ? ones([1, nHidden]) : null,
    bnbias: bn ? zeros([1, nHidden]) : null,
    bnmeanRunning: bn ? zeros([1, nHidden]) : null,
    bnstdRunning: bn ? ones([1, nHidden]) : null,
    parameters: [],
  };
  model.parameters = [C, W1, ...(b1 ? [b1] : []), W2, b2, ...(bn ? [model.bngain!, model.bnbias!] : [])];
  for (const p of model.parameters) p.requiresGrad = true;
  return model;
}

export interface ForwardResult {
  hpreact: Tensor;
  h: Tensor;
  logits: Tensor;
}

/**
 * One forward pass. In training mode batch norm uses the batch's mean and unbiased std and updates the
 * running statistics (under noGrad, momentum 0.001); in eval mode it uses the running ones, as the
 * seed's `split_loss` does (no epsilon: the seed divides by the running std directly).
 */
export function forward(model: MakemoreModel, X: Tensor, training: boolean): ForwardResult {
  const emb = model.C.index(X);
  const embcat = emb.view(emb.shape[0], -1);
  let hpreact = embcat.matmul(model.W1);
  if (model.variant === 'batchnorm') {
    const gain = model.bngain!;
    const bias = model.bnbias!;
    if (training) {
      const bnmeani = hpreact.mean(0, { keepdim: true });
      const bnstdi = hpreact.std(0, { keepdim: true });
      hpreact = gain.mul(hpreact.sub(bnmeani)).div(bnstdi).add(bias);
      noGrad(() => {
        model.bnmeanRunning = model.bnmeanRunning!.mul(0.999).add(bnmeani.mul(0.001));
        model.bnstdRunning = model.bnstdRunning!.mul(0.999).add(bnstdi.mul(0.001));
      });
    } else {
      hpreact = gain.mul(hpreact.sub(model.bnmeanRunning!)).div(model.bnstdRunning!).add(bias);
    }
  } else {
    hpreact = hpreact.add(model.b1!);
  }
  const h = hpreact.tanh();
  const logits = h.matmul(model.W2).add(model.b2);
  return { hpreact, h, logits };
}

/** The seeds' training step: forward, cross-entropy, backward, `p.data += -lr * p.grad`. */
export function trainStep(model: MakemoreModel, Xb: Tensor, Yb: Tensor, lr: number): { loss: number; forward: ForwardResult } {
  const fwd = forward(model, Xb, true);
  const loss = crossEntropy(fwd.logits, Yb);
  for (const p of model.parameters) p.grad = null;
  loss.backward();
  for (const p of model.parameters) p.data.sub_(p.grad!.mul(lr));
  return { loss: loss.item(), forward: fwd };
}

/** Mean cross-entropy over a whole split, in chunks so memory stays small, with eval-mode batch norm. */
export function splitLoss(model: MakemoreModel, X: Tensor, Y: Tensor, chunk = 16384): number {
  return noGrad(() => {
    const n = X.shape[0];
    let total = 0;
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      const { logits } = forward(model, X.narrow(0, start, len), false);
      total += crossEntropy(logits, Y.narrow(0, start, len), { reduction: 'sum' }).item();
    }
    return total / n;
  });
}
