import { Generator, noGrad, randint, randn, tidy, updateInPlace, zeros, type Tensor } from '@poise/tensor';

/** A small MLP (tanh hidden layer, cross-entropy) with plain SGD, written with the core ops only. */
export interface Mlp {
  params: Tensor[];
  x: Tensor;
  y: Tensor;
  /** One training step inside a tidy scope; returns the loss. */
  step(lr: number): number;
}

export function makeMlp(opts: { batch: number; nIn: number; hidden: number; classes: number; seed?: number }): Mlp {
  const g = new Generator().manualSeed(opts.seed ?? 1234);
  const W1 = randn([opts.nIn, opts.hidden], { generator: g }).mul(1 / Math.sqrt(opts.nIn));
  const b1 = zeros([opts.hidden]);
  const W2 = randn([opts.hidden, opts.classes], { generator: g }).mul(1 / Math.sqrt(opts.hidden));
  const b2 = zeros([opts.classes]);
  const params = [W1, b1, W2, b2];
  for (const p of params) p.requiresGrad = true;
  const x = randn([opts.batch, opts.nIn], { generator: g });
  const y = randint(0, opts.classes, [opts.batch], { generator: g });
  const step = (lr: number): number =>
    tidy(() => {
      const h = x.matmul(W1).add(b1).tanh();
      const logits = h.matmul(W2).add(b2);
      const loss = logits.logSoftmax(1).gather(1, y.unsqueeze(1)).mean().neg();
      for (const p of params) p.grad = null;
      loss.backward();
      noGrad(() => {
        // Two update paths, as optimizers use them: an in-place op (copyInto) and updateInPlace.
        W1.sub_(W1.grad!.mul(lr));
        b1.sub_(b1.grad!.mul(lr));
        const gw2 = W2.grad!.toTypedArray();
        updateInPlace(W2, (v) => {
          for (let i = 0; i < v.length; i++) v[i] -= lr * gw2[i];
        });
        b2.sub_(b2.grad!.mul(lr));
      });
      return loss.item();
    });
  return { params, x, y, step };
}
