/**
 * The seeds' makemore batch-norm training step (packages/experiments/src/makemore/model.ts, written out here so
 * the bench depends on the tensor API only): embedding, [32, 30] @ [30, 200], batch norm with `.std(0)` and
 * momentum-0.001 running statistics, tanh, [32, 200] @ [200, 27], cross-entropy, backward, `p.data -= lr * p.grad`.
 * About 1.1M multiply-adds per step: the time goes to dispatch, not arithmetic.
 */
import { Generator, noGrad, ones, randint, randn, tidy, keep, zeros, type Tensor } from '@poise/tensor';
import { crossEntropy } from '@poise/nn';
import type { Step, Workload } from './types';

export const MAKEMORE = { vocab: 27, block: 3, nEmbd: 10, nHidden: 200, batch: 32, lr: 0.1 };

export function makemoreStep(): Step {
  const { vocab, block, nEmbd, nHidden, batch, lr } = MAKEMORE;
  const g = new Generator().manualSeed(2147483647);
  const fanIn = nEmbd * block;
  const C = randn([vocab, nEmbd], { generator: g });
  const W1 = randn([fanIn, nHidden], { generator: g }).mul(5 / 3).div(fanIn ** 0.5);
  randn([nHidden], { generator: g }); // b1: drawn, then dropped with batch norm (the seed's draws)
  const W2 = randn([nHidden, vocab], { generator: g }).mul(0.01);
  const b2 = randn([vocab], { generator: g }).mul(0);
  const bngain = ones([1, nHidden]);
  const bnbias = zeros([1, nHidden]);
  let bnmeanRunning: Tensor = zeros([1, nHidden]);
  let bnstdRunning: Tensor = ones([1, nHidden]);
  const parameters = [C, W1, W2, b2, bngain, bnbias];
  for (const p of parameters) p.requiresGrad = true;
  const Xb = randint(0, vocab, [batch, block], { generator: g });
  const Yb = randint(0, vocab, [batch], { generator: g });
  keep([...parameters, bnmeanRunning, bnstdRunning, Xb, Yb]);
  return {
    step: () =>
      tidy(() => {
        const emb = C.index(Xb);
        const embcat = emb.view(emb.shape[0], -1);
        let hpreact = embcat.matmul(W1);
        const bnmeani = hpreact.mean(0, { keepdim: true });
        const bnstdi = hpreact.std(0, { keepdim: true });
        hpreact = bngain.mul(hpreact.sub(bnmeani)).div(bnstdi).add(bnbias);
        noGrad(() => {
          const [oldMean, oldStd] = [bnmeanRunning, bnstdRunning];
          bnmeanRunning = keep(bnmeanRunning.mul(0.999).add(bnmeani.mul(0.001)));
          bnstdRunning = keep(bnstdRunning.mul(0.999).add(bnstdi.mul(0.001)));
          oldMean.dispose();
          oldStd.dispose();
        });
        const h = hpreact.tanh();
        const logits = h.matmul(W2).add(b2);
        const loss = crossEntropy(logits, Yb);
        for (const p of parameters) p.grad = null;
        loss.backward();
        for (const p of parameters) p.data.sub_(p.grad!.mul(lr));
        return loss.item();
      }),
  };
}

export const makemoreWorkload: Workload = {
  id: 'makemore-bn',
  title: 'makemore batch-norm step',
  torch: { kind: 'makemore', args: { ...MAKEMORE } },
  targets: [{ kind: 'ratio', peer: 'torch', max: 0.33 }],
  poise: makemoreStep,
};
