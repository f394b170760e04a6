/**
 * The seeds' makemore MLP built from @poise/nn modules: Embedding(27, 10), Flatten, Linear(30, 200),
 * [BatchNorm1d(200)], Tanh, Linear(200, 27). The weights are the seeds' own draws, in their order, from
 * `torch.Generator().manual_seed(2147483647)` (C, W1, b1, W2, b2), scaled as each variant says, so the
 * first batch drawn from the same generator afterwards is the seeds' first batch too:
 *
 * - `baseline`: the draws as they are, N(0, 1) weights and biases (the seeds' unscaled init);
 * - `kaiming`: W1 * (5/3) / sqrt(30), b1 * 0.01, W2 * 0.01, b2 * 0 (the first seed's model);
 * - `batchnorm`: the same, with BatchNorm1d(200) on the pre-activations and no b1 (the second seed's).
 *
 * Like `@poise/experiments`' makemore study, b1 is drawn for `batchnorm` too and then dropped, so the
 * three variants see the same batches. W1 is stored [in, out] by the seeds and [out, in] by Linear.
 */
import { Generator, noGrad, randn, type Tensor } from '@poise/tensor';
import { Embedding, Flatten, Linear, Sequential, Tanh } from '@poise/nn';
import { BatchNorm1d } from '@poise/norm';

export type SeedVariant = 'baseline' | 'kaiming' | 'batchnorm';

export interface SeedsModel {
  model: Sequential;
  /** The generator after the weight draws: draw the batches from it. */
  g: Generator;
  /** The dotted name of the Tanh layer ('3', or '4' after batch norm) and of the hidden Linear ('2'). */
  tanh: string;
  hidden: string;
}

export function seedsModel(variant: SeedVariant, seed = 2147483647): SeedsModel {
  const g = new Generator().manualSeed(seed);
  const C = randn([27, 10], { generator: g });
  let W1: Tensor = randn([30, 200], { generator: g });
  let b1: Tensor = randn([200], { generator: g });
  let W2: Tensor = randn([200, 27], { generator: g });
  let b2: Tensor = randn([27], { generator: g });
  if (variant !== 'baseline') {
    W1 = W1.mul(5 / 3).div(30 ** 0.5);
    b1 = b1.mul(0.01);
    W2 = W2.mul(0.01);
    b2 = b2.mul(0);
  }
  const bn = variant === 'batchnorm';
  const emb = new Embedding(27, 10);
  const l1 = new Linear(30, 200, { bias: !bn });
  const l2 = new Linear(200, 27);
  noGrad(() => {
    emb.weight.copy_(C);
    l1.weight.copy_(W1.t());
    if (l1.bias) l1.bias.copy_(b1);
    l2.weight.copy_(W2.t());
    l2.bias!.copy_(b2);
  });
  const model = bn
    ? new Sequential(emb, new Flatten(), l1, new BatchNorm1d(200), new Tanh(), l2)
    : new Sequential(emb, new Flatten(), l1, new Tanh(), l2);
  return { model, g, tanh: bn ? '4' : '3', hidden: '2' };
}
