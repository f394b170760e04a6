/**
 * What `watch` costs on the seeds' makemore MLP (batch 32, 200 tanh units): one training step (forward,
 * cross-entropy, backward, SGD step) bare, watched on every step, and watched every 10th step.
 *
 *     npx vitest bench --run test/watch.bench.ts
 *
 * Not part of `vitest run` (only *.test.ts are). Uses random batches of the seeds' shape so that it needs
 * no data file.
 */
import { bench, describe } from 'vitest';
import { Generator, randint } from '@poise/tensor';
import { SGD, crossEntropy } from '@poise/nn';
import { watch } from '../src';
import { seedsModel, type SeedVariant } from './seeds-model';

function trainer(variant: SeedVariant, every: number | null): () => void {
  const { model } = seedsModel(variant);
  const g = new Generator().manualSeed(1);
  const opt = new SGD(model.parameters(), { lr: 0.1 });
  const recorder = every === null ? null : watch(model, { every });
  return () => {
    const x = randint(0, 27, [32, 3], { generator: g });
    const y = randint(0, 27, [32], { generator: g });
    const loss = crossEntropy(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    recorder?.step(opt);
  };
}

for (const variant of ['kaiming', 'batchnorm'] as const) {
  describe(`seeds' MLP (${variant}): one training step`, () => {
    bench('no hooks', trainer(variant, null), { time: 2000, warmupTime: 500 });
    bench('watch, every = 1', trainer(variant, 1), { time: 2000, warmupTime: 500 });
    bench('watch, every = 10', trainer(variant, 10), { time: 2000, warmupTime: 500 });
  });
}
