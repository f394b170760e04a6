import { describe, expect, it } from 'vitest';
import { Generator, noGrad, randn, setBackend, tensor, updateInPlace, type Tensor } from '@poise/tensor';
import { useWasm, WasmBuffer, wasmBackend } from '../src';
import { makeMlp } from './helpers/mlp';

/** x @ w in float64 from the values alone (the reference for every product below). */
function reference(x: Tensor, w: Tensor): number[] {
  const [M, K] = x.shape, N = w.shape[1];
  const a = x.toTypedArray(), b = w.toTypedArray();
  const out: number[] = [];
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a[i * K + k] * b[k * N + j];
    out.push(s);
  }
  return out;
}

function expectClose(t: Tensor, want: number[]): void {
  const got = t.toTypedArray();
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  expect(worst).toBeLessThan(1e-5);
}

/**
 * XNNPACK packs a matmul's right operand once and caches the packed copy on the tensor's id: writing new
 * values into the same WASM memory is not seen by later products (pitfall b). Every write path of the
 * backend re-keys the buffer first, so updated weights are always used.
 */
describe('trained weights are really used (no stale packed weights)', () => {
  it('the pitfall is real: a raw write into the heap is not seen, a backend write is', async () => {
    await useWasm({ backend: 'wasm' });
    const g = new Generator().manualSeed(7);
    const x = randn([16, 64], { generator: g });
    const w = randn([64, 32], { generator: g });
    expectClose(x.matmul(w), reference(x, w)); // packs w
    const buf = w.storage.data as WasmBuffer;
    expect(buf).toBeInstanceOf(WasmBuffer);
    expect(buf.packedAs).toBe('64x32');
    // Bypass the backend: scribble into the heap behind XNNPACK's back. The product is stale.
    const before = x.matmul(w).toTypedArray();
    buf.view().fill(0.5);
    expect(x.matmul(w).toTypedArray()).toEqual(before);
    // Through the backend (rekey), the new values are used.
    buf.rt.rekey(buf);
    expectClose(x.matmul(w), reference(x, w));
    setBackend('js');
  });

  for (const mode of ['wasm', 'auto'] as const) {
    it(`${mode}: sub_, copy_, fill_ and updateInPlace on a weight change the next product`, async () => {
      await useWasm({ backend: mode });
      const g = new Generator().manualSeed(8);
      const x = randn([64, 128], { generator: g });
      const w = randn([128, 256], { generator: g }); // 32,768 elements: WASM-resident under auto too
      expect(w.storage.data).toBeInstanceOf(WasmBuffer);
      expectClose(x.matmul(w), reference(x, w));
      noGrad(() => w.sub_(w.mul(0.5)));
      expectClose(x.matmul(w), reference(x, w));
      updateInPlace(w, (v) => {
        for (let i = 0; i < v.length; i++) v[i] = -2 * v[i] + 0.25;
      });
      expectClose(x.matmul(w), reference(x, w));
      w.copy_(randn([128, 256], { generator: g }));
      expectClose(x.matmul(w), reference(x, w));
      w.fill_(1);
      expectClose(x.matmul(w), reference(x, w));
      // The same buffer seen as a different matrix shape is re-packed, not reused.
      const w2 = w.view(256, 128);
      const x2 = randn([4, 256], { generator: g });
      expectClose(x2.matmul(w2), reference(x2, w2));
      setBackend('js');
    });
  }

  it('training on wasm gives the js backend trajectory (the updated weights are used every step)', async () => {
    const run = (): number[] => {
      const mlp = makeMlp({ batch: 32, nIn: 48, hidden: 64, classes: 5, seed: 99 });
      const losses: number[] = [];
      for (let i = 0; i < 60; i++) losses.push(mlp.step(0.5));
      return [...losses, ...mlp.params[0].toTypedArray().slice(0, 8)];
    };
    setBackend('js');
    const js = run();
    await useWasm({ backend: 'wasm' });
    const before = wasmBackend('wasm').stats.wasm;
    const wasm = run();
    expect(wasmBackend('wasm').stats.wasm).toBeGreaterThan(before);
    setBackend('js');
    for (let i = 0; i < js.length; i++) expect(wasm[i]).toBeCloseTo(js[i], 3);
    // A frozen copy of the initial weights would plateau; the loss keeps falling like js's.
    expect(wasm[59]).toBeLessThan(wasm[0] * 0.5);
    expect(tensor(js.slice(0, 60)).sub(tensor(wasm.slice(0, 60))).abs().max().item()).toBeLessThan(1e-3);
  });
});
