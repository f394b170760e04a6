import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '@poise/backend-wasm';
import { makemoreStep } from '../src/workloads/makemore';
import { MLP, mlpStep, mlpTfjsStep, poiseMlp, tfjsMlp } from '../src/workloads/mlp';
import { CONVNET, convnetStep, convnetTfjsStep, poiseConvnet, tfjsConvnet } from '../src/workloads/convnet';
import { allWorkloads } from '../src/workloads';
import { TorchPeer } from '../src/peers/torch';

beforeAll(async () => {
  await useWasm();
});

function losses(step: () => number, n: number): number[] {
  return Array.from({ length: n }, step);
}

describe('poise steps train', () => {
  it('makemore batch-norm step lowers the loss on its fixed batch', () => {
    const s = makemoreStep();
    const l = losses(() => s.step(), 20);
    expect(l[0]).toBeGreaterThan(3); // ~ln(27) at init
    expect(l[19]).toBeLessThan(l[0]);
  });

  it.each([false, true])('Fig. 1 MLP step (bn=%s) lowers the loss', (bn) => {
    const s = mlpStep(bn);
    const l = losses(() => s.step(), 15);
    expect(l[14]).toBeLessThan(l[0]);
  });

  it('deep conv net step lowers the loss (a smaller copy: same layers, fewer samples)', () => {
    const s = convnetStep({ ...CONVNET, batch: 4, size: 12, lr: 0.05 });
    const l = losses(() => s.step(), 12);
    expect(l[11]).toBeLessThan(l[0]);
  });
});

describe('the peers run the same models', () => {
  it('tfjs-layers MLPs have the poise MLPs\' parameter counts and train', () => {
    for (const bn of [false, true]) {
      // tfjs counts BatchNormalization's moving mean/variance as (non-trainable) weights; poise keeps them as buffers.
      const trainable = tfjsMlp(bn).trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a: number, b: number) => a * b, 1), 0);
      expect(trainable).toBe(poiseMlp(bn).parameterCount());
    }
    const s = mlpTfjsStep(true);
    const l = losses(() => s.step(), 10);
    expect(l[9]).toBeLessThan(l[0]);
    expect(MLP.batch).toBe(60);
  });

  it('tfjs-layers conv net has the poise conv net\'s parameter count, and trains on WASM (Conv2DBackpropFilter shim)', () => {
    const count = tfjsConvnet().countParams();
    expect(count).toBe(poiseConvnet().parameterCount());
    const s = convnetTfjsStep({ ...CONVNET, batch: 4, size: 12, lr: 0.05 });
    const l = losses(() => s.step(), 12);
    expect(l[11]).toBeLessThan(l[0]);
  });

  it('every workload has a title, and the targets of the issue', () => {
    const ws = allWorkloads();
    expect(ws.map((w) => w.id)).toEqual(['matmul-64', 'matmul-128', 'matmul-256', 'matmul-512', 'makemore-bn', 'mlp', 'mlp-bn', 'convnet']);
    expect(ws.find((w) => w.id === 'makemore-bn')!.targets).toEqual([{ kind: 'ratio', peer: 'torch', max: 0.33 }]);
    expect(ws.find((w) => w.id === 'convnet')!.targets).toEqual([{ kind: 'ratio', peer: 'tfjs', max: 0.67 }]);
  });

  const python = '/usr/bin/python3';
  it.skipIf(!existsSync(python))('the PyTorch peer answers with 1 thread and its steps train (or says why it is skipped)', async () => {
    const t = await TorchPeer.start(python);
    if (typeof t === 'string') {
      expect(t).toMatch(/not installed|not found|exited/);
      return;
    }
    try {
      expect(t.info.threads).toBe(1);
      await t.setup('mm', 'makemore', {});
      const l = await t.losses('mm', 10);
      expect(l[0]).toBeGreaterThan(3);
      expect(l[9]).toBeLessThan(l[0]);
      await t.setup('mlp', 'mlp', { bn: true, batch: MLP.batch, widths: MLP.widths, lr: MLP.lr });
      const m = await t.losses('mlp', 10);
      expect(m[9]).toBeLessThan(m[0]);
      expect(await t.run('mm', 3)).toBeGreaterThan(0);
      expect(await t.maxRss()).toBeGreaterThan(1e6);
    } finally {
      await t.close();
    }
  }, 120_000);
});
