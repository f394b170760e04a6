import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, manualSeed, randint, randn, randperm, tidy, type Tensor } from '@poise/tensor';
import { Adam, Linear, SGD, Sequential, Tanh, crossEntropy, loadFile, loadOptimizer, save, saveOptimizer, serialize, type Optimizer } from '../src';
import { BatchNormLite } from './helpers/batch-norm-lite';

/**
 * A training run interrupted mid-epoch and resumed from safetensors checkpoints ends bit-identical to an
 * uninterrupted run: the checkpoint holds the model (BatchNorm running statistics and int32 batch count
 * included), the optimizer state, the data-order Generator's state (taken at the start of the epoch, in the
 * header metadata) and the step. Everything is rebuilt from the files, as a new process would.
 */
const N = 256;
const BATCH = 32;
const STEPS_PER_EPOCH = N / BATCH;
const TOTAL = 60;
const INTERRUPT_AT = 27; // mid-epoch: 3 batches into the 4th epoch

type MakeOpt = (ps: Tensor[]) => Optimizer<{ lr: number }>;

function dataset() {
  const g = new Generator().manualSeed(11);
  return { X: randn([N, 8], { generator: g }), Y: randint(0, 4, [N], { generator: g }) };
}

function freshModel(seed: number) {
  manualSeed(seed);
  return new Sequential(new Linear(8, 16), new BatchNormLite(16), new Tanh(), new Linear(16, 4));
}

/** Trains from `start` (with the generator state at the start of that step's epoch) until `stop`. */
function train(model: Sequential, opt: Optimizer<{ lr: number }>, order: Generator, start: number, stop: number, onEpoch?: (step: number) => boolean) {
  const { X, Y } = dataset();
  let epochState = order.getState();
  let perm = randperm(N, { generator: order });
  for (let step = start; step < stop; step++) {
    const k = step % STEPS_PER_EPOCH;
    if (k === 0 && step !== start) {
      epochState = order.getState();
      perm = randperm(N, { generator: order });
    }
    if (onEpoch?.(step) === false) return { epochState, step };
    tidy(() => {
      const idx = perm.narrow(0, k * BATCH, BATCH);
      const loss = crossEntropy(model.forward(X.index(idx)), Y.index(idx));
      opt.zeroGrad();
      loss.backward();
      opt.step();
    });
  }
  return { epochState, step: stop };
}

function fingerprint(model: Sequential, opt: Optimizer<{ lr: number }>): Buffer {
  const state: Record<string, Tensor> = { ...model.stateDict() };
  for (const [i, entry] of Object.entries(opt.stateDict().state)) for (const [k, t] of Object.entries(entry)) state[`opt.${i}.${k}`] = t as Tensor;
  return Buffer.from(serialize(state));
}

describe('interrupted training resumed from a safetensors checkpoint is bit-identical', () => {
  const cases: [string, MakeOpt][] = [
    ['Adam', (ps) => new Adam(ps, { lr: 0.01, weightDecay: 1e-4 })],
    ['SGD momentum', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })],
  ];
  for (const [name, makeOpt] of cases) {
    it(name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'poise-resume-'));
      // Uninterrupted.
      const refModel = freshModel(0);
      const refOpt = makeOpt(refModel.parameters());
      train(refModel, refOpt, new Generator().manualSeed(5), 0, TOTAL);

      // Interrupted at INTERRUPT_AT: checkpoint, then throw everything away.
      {
        const model = freshModel(0);
        const opt = makeOpt(model.parameters());
        const order = new Generator().manualSeed(5);
        const stopped = train(model, opt, order, 0, TOTAL, (step) => step !== INTERRUPT_AT);
        expect(stopped.step).toBe(INTERRUPT_AT);
        save(model.stateDict(), join(dir, 'model.safetensors'), {
          metadata: { step: String(stopped.step), generator: JSON.stringify(stopped.epochState) },
        });
        saveOptimizer(opt, join(dir, 'optim.safetensors'));
      }

      // Resumed: a differently initialised model and a fresh optimizer, filled from the files.
      const model = freshModel(123);
      const opt = makeOpt(model.parameters());
      const { tensors, metadata } = loadFile(join(dir, 'model.safetensors'));
      model.loadStateDict(tensors);
      loadOptimizer(opt, join(dir, 'optim.safetensors'));
      const order = new Generator().setState(JSON.parse(metadata.generator));
      train(model, opt, order, Number(metadata.step), TOTAL);

      const bn = model.at(1) as BatchNormLite;
      expect(bn.getBuffer('num_batches_tracked')!.item()).toBe(TOTAL);
      expect(fingerprint(model, opt).equals(fingerprint(refModel, refOpt))).toBe(true);
    });
  }
});
