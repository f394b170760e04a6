import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispose, keep, ones, randn, setBackend, tidy, zeros, type Tensor } from '@poise/tensor';
import { useWasm, wasmMemory, WasmBuffer } from '../src';

beforeAll(async () => {
  await useWasm({ backend: 'wasm' });
});
afterAll(() => setBackend('js'));

const live = (): number => wasmMemory().liveBuffers;

describe('tidy, dispose and keep free WASM storage deterministically', () => {
  it('frees everything made inside a scope except what it returns', () => {
    const x = randn([8, 8]);
    const before = live();
    const y = tidy(() => x.matmul(x).add(1).tanh().sum(1));
    expect(live()).toBe(before + 1);
    expect(y.storage.data).toBeInstanceOf(WasmBuffer);
    expect(y.shape).toEqual([8]);
    y.dispose();
    expect(y.isDisposed).toBe(true);
    expect(live()).toBe(before);
  });

  it('keeps returned views, arrays and objects, and hands them to the enclosing scope', () => {
    const before = live();
    const out = tidy(() => {
      const inner = tidy(() => {
        const a = ones([4, 4]).mul(2);
        return { view: a.narrow(0, 1, 2), list: [a.sum(), zeros([3]).add(1)] };
      });
      expect(inner.view.toTypedArray()).toEqual(new Float32Array(8).fill(2));
      return inner.list[0];
    });
    expect(out.item()).toBe(32);
    expect(live()).toBe(before + 1);
    dispose(out);
    expect(live()).toBe(before);
  });

  it('frees the scope when fn throws, and keep() exempts a tensor', () => {
    const before = live();
    let kept: Tensor | null = null;
    expect(() =>
      tidy(() => {
        ones([10]).add(1);
        kept = keep(zeros([5]).add(2));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(live()).toBe(before + 1);
    expect(kept!.toTypedArray()).toEqual(new Float32Array(5).fill(2));
    kept!.dispose();
    expect(live()).toBe(before);
  });

  it('names use after free instead of reading freed memory', () => {
    const t = tidy(() => {
      const a = ones([3]);
      tidy(() => a.add(1)); // a is from the outer scope: untouched
      return a.add(2);
    });
    const stale = tidy(() => {
      const s = t.mul(2);
      return { s, other: s.add(1) }.other;
    });
    expect(stale.toTypedArray()).toEqual(new Float32Array([7, 7, 7]));
    const freed = tidy(() => t.mul(3));
    freed.dispose();
    expect(() => freed.add(1)).toThrow(/used after its WASM storage was freed \(float32, 3 elements\)/);
    expect(() => freed.toTypedArray()).toThrow(/tidy\(\) scope/);
    dispose([t, stale]);
  });

  it('a FinalizationRegistry frees storage nobody disposed once it is garbage', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (vitest.config.ts sets it)').toBeTypeOf('function');
    const before = wasmMemory();
    (() => {
      for (let i = 0; i < 200; i++) zeros([1000]).add(i);
    })();
    expect(live()).toBeGreaterThanOrEqual(before.liveBuffers + 400);
    for (let i = 0; i < 20 && live() > before.liveBuffers; i++) {
      gc!();
      await new Promise((r) => setTimeout(r, 10));
    }
    const after = wasmMemory();
    expect(after.finalized - before.finalized).toBeGreaterThanOrEqual(400);
    expect(after.liveBuffers).toBeLessThanOrEqual(before.liveBuffers);
  });

  it('tidy on the js backend is harmless and records nothing', () => {
    setBackend('js');
    const y = tidy(() => ones([2]).add(1));
    expect(y.toTypedArray()).toEqual(new Float32Array([2, 2]));
    setBackend('wasm');
  });
});
