import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, tensor, type Tensor } from '@poise/tensor';
import {
  Adam, Linear, SGD, Sequential, Tanh, load, loadFile, loadOptimizer, save, saveOptimizer, serialize, flattenOptimizerState,
} from '../src';
import { BatchNormLite } from './helpers/batch-norm-lite';

/**
 * PyTorch interop, both ways. fixtures/safetensors_fixtures.py (run with /usr/bin/python3) writes the
 * torch_*.safetensors files from torch objects and checks the committed poise_*.safetensors files load into
 * torch.nn / torch.optim. This test reads torch's files, and re-creates poise's files byte for byte.
 */
const dir = join(__dirname, 'fixtures/safetensors');
const expected = JSON.parse(readFileSync(join(dir, 'torch_expected.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'poise-st-'));
const num = (v: number | string) => (typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : v);
const POISE_DTYPE: Record<string, string> = { F32: 'float32', F64: 'float64', I32: 'int32', I64: 'int32', BOOL: 'bool' };

function model() {
  manualSeed(0); // the same draws as torch.manual_seed(0): Linear init is bit-exact with PyTorch's
  return new Sequential(new Linear(4, 8), new BatchNormLite(8), new Tanh(), new Linear(8, 3));
}

describe('files written by PyTorch load here', () => {
  for (const file of ['torch_model', 'torch_adam', 'torch_sgd', 'torch_dtypes']) {
    it(`${file}.safetensors: dtypes, shapes, values and metadata`, () => {
      const { tensors, metadata } = loadFile(join(dir, `${file}.safetensors`));
      const want = expected[file];
      expect(metadata).toEqual(want.metadata);
      expect(Object.keys(tensors).sort()).toEqual(Object.keys(want.tensors).sort());
      for (const [name, w] of Object.entries(want.tensors) as [string, { dtype: string; shape: number[]; values: (number | string)[] }][]) {
        const t = tensors[name];
        expect(t.dtype, name).toBe(POISE_DTYPE[w.dtype]);
        expect(t.shape, name).toEqual(w.shape);
        expect(Array.from(t.toTypedArray()), name).toEqual(w.values.map(num));
      }
    });
  }

  it('re-saving torch files gives their exact bytes (same layout, header and padding as the reference writer)', () => {
    for (const file of ['torch_model', 'torch_adam', 'torch_sgd']) {
      const bytes = readFileSync(join(dir, `${file}.safetensors`));
      const { tensors, metadata } = loadFile(join(dir, `${file}.safetensors`));
      expect(Buffer.from(serialize(tensors, { metadata })).equals(bytes), file).toBe(true);
    }
  });

  it('a torch state dict (BatchNorm buffers, int64 num_batches_tracked) loads into the same poise model', () => {
    const m = model();
    m.loadStateDict(load(join(dir, 'torch_model.safetensors')));
    const bn = m.at(1) as BatchNormLite;
    expect(bn.getBuffer('num_batches_tracked')!.dtype).toBe('int32');
    expect(bn.getBuffer('num_batches_tracked')!.item()).toBe(5); // 3 Adam + 2 SGD training forwards in torch
    expect(Array.from(bn.getBuffer('running_var')!.toTypedArray())).toEqual(expected.torch_model.tensors['1.running_var'].values);
    expect(Array.from(m.at(3).parameters()[0].toTypedArray())).toEqual(expected.torch_model.tensors['3.weight'].values);
  });

  it("torch's Adam and SGD state load into poise's optimizers, hyperparameters included", () => {
    const m = model();
    const adam = new Adam(m.parameters(), { lr: 0.5 });
    loadOptimizer(adam, join(dir, 'torch_adam.safetensors'));
    expect(adam.paramGroups[0].options).toMatchObject({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false });
    const sd = adam.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect((sd.state[0].step as Tensor).item()).toBe(3);
    expect(Array.from((sd.state[2].exp_avg_sq as Tensor).toTypedArray())).toEqual(expected.torch_adam.tensors['state.2.exp_avg_sq'].values);

    const sgd = new SGD(m.parameters(), { lr: 1 });
    loadOptimizer(sgd, join(dir, 'torch_sgd.safetensors'));
    expect(sgd.paramGroups[0].options).toMatchObject({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4, dampening: 0 });
    const buf = sgd.stateDict().state[4].momentum_buffer as Tensor;
    expect(Array.from(buf.toTypedArray())).toEqual(expected.torch_sgd.tensors['state.4.momentum_buffer'].values);

    // Saved back, the tensors are byte-identical to torch's (param_groups JSON may print numbers differently).
    const out = join(tmp, 'adam.safetensors');
    saveOptimizer(adam, out);
    const ours = loadFile(out);
    const theirs = loadFile(join(dir, 'torch_adam.safetensors'));
    expect(JSON.parse(ours.metadata.param_groups)).toEqual(JSON.parse(theirs.metadata.param_groups));
    expect(Buffer.from(serialize(ours.tensors)).equals(Buffer.from(serialize(theirs.tensors)))).toBe(true);
  });

  it('every supported dtype round-trips through our writer and reader', () => {
    const { tensors } = loadFile(join(dir, 'torch_dtypes.safetensors'));
    for (const int32As of ['I32', 'I64'] as const) {
      const path = join(tmp, `dtypes-${int32As}.safetensors`);
      save(tensors, path, { int32As });
      const back = load(path);
      for (const [k, t] of Object.entries(tensors)) {
        expect(back[k].dtype).toBe(t.dtype);
        expect(back[k].shape).toEqual(t.shape);
        expect(Array.from(back[k].toTypedArray())).toEqual(Array.from(t.toTypedArray()));
      }
    }
  });
});

/**
 * poise_model.safetensors: the seed-0 model with known BatchNorm buffers; poise_adam.safetensors: its Adam
 * state after one step with gradients 0.5 * p + 0.1 (lr 0.01, betas (0.8, 0.99)). Both are deterministic, so
 * the committed files must be reproduced byte for byte; POISE_UPDATE_FIXTURES=1 rewrites them, then run the
 * Python script to check them in PyTorch.
 */
describe('files written by poise load into PyTorch', () => {
  function poiseFiles(): { model: Uint8Array; adam: Uint8Array } {
    const m = model();
    const bn = m.at(1) as BatchNormLite;
    bn.setBuffer('running_mean', tensor(Float32Array.from({ length: 8 }, (_, i) => i * 0.25)));
    bn.setBuffer('running_var', tensor(Float32Array.from({ length: 8 }, (_, i) => 1 + i * 0.5)));
    bn.setBuffer('num_batches_tracked', tensor(7, { dtype: 'int32' }));
    const modelBytes = serialize(m.stateDict(), { metadata: { format: 'pt' } });
    const adam = new Adam(m.parameters(), { lr: 0.01, beta1: 0.8, beta2: 0.99 });
    for (const p of m.parameters()) p.grad = p.detach().mul(0.5).add(0.1);
    adam.step();
    const { tensors, metadata } = flattenOptimizerState(adam.stateDict(), 'Adam');
    return { model: modelBytes, adam: serialize(tensors, { metadata }) };
  }

  it('poise_model.safetensors and poise_adam.safetensors are reproduced byte for byte', () => {
    const files = poiseFiles();
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(dir, `poise_${name}.safetensors`);
      if (process.env.POISE_UPDATE_FIXTURES === '1') writeFileSync(path, bytes);
      expect(Buffer.from(bytes).equals(readFileSync(path)), path).toBe(true);
    }
  });
});
