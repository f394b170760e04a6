/**
 * One poise training step of a classifier on a fixed batch: forward, cross-entropy, backward, plain SGD, all
 * inside `tidy` so every temporary is freed each step (the counterpart of the tfjs peer's `tfjsModelStep`).
 */
import { keep, tidy, type Tensor } from '@poise/tensor';
import { SGD, crossEntropy, type Module } from '@poise/nn';
import type { Step } from './types';

export function poiseModelStep(model: Module & { forward(x: Tensor): Tensor }, x: Tensor, y: Tensor, lr: number): Step {
  keep(x);
  keep(y);
  keep(model.parameters());
  const opt = new SGD(model.parameters(), { lr });
  return {
    step: () =>
      tidy(() => {
        opt.zeroGrad();
        const loss = crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss.item();
      }),
  };
}
