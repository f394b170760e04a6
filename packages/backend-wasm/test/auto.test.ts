import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator, randn, setBackend, tidy, readValues, type Tensor } from '@poise/tensor';
import { useWasm, wasmBackend, WasmBuffer, DEFAULT_THRESHOLDS } from '../src';

beforeAll(async () => {
  await useWasm(); // auto is the default
});
afterAll(() => setBackend('js'));

const onWasm = (t: Tensor): boolean => t.storage.data instanceof WasmBuffer;

describe('auto keeps small work in TypeScript and sends big work to WASM', () => {
  it('is what useWasm() selects', () => {
    expect(randn([2]).backend).toBe('auto');
  });

  it('small tensors are plain typed arrays (readValues is zero-copy), small ops stay in js', () => {
    const x = randn([32, 30]);
    expect(x.storage.data).toBeInstanceOf(Float32Array);
    expect(readValues(x)).toBe(x.storage.data);
    const y = x.tanh().mul(2).add(1);
    expect(onWasm(y)).toBe(false);
  });

  it('matmul above the crossover runs on XNNPACK; its result is read in place by small js ops', () => {
    const g = new Generator().manualSeed(3);
    const x = randn([32, 30], { generator: g });
    const w = randn([30, 100], { generator: g });
    expect(32 * 30 * 100).toBeGreaterThan(DEFAULT_THRESHOLDS.matmul);
    expect(32 * 100).toBeLessThan(DEFAULT_THRESHOLDS.elementwise);
    const before = wasmBackend('auto').stats.wasm;
    tidy(() => {
      const h = x.matmul(w);
      expect(onWasm(h)).toBe(true);
      expect(wasmBackend('auto').stats.wasm).toBe(before + 1);
      const t = h.tanh(); // 3,200 elements: js kernel on a view of the WASM heap
      expect(onWasm(t)).toBe(false);
      setBackend('js');
      const ref = x.matmul(w).tanh();
      setBackend('auto');
      const a = t.toTypedArray(), b = ref.toTypedArray();
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    });
  });

  it('a tiny matmul stays in js', () => {
    const x = randn([4, 4]);
    expect(onWasm(x.matmul(x))).toBe(false);
  });

  it('big elementwise work goes to WASM, big new storage lives there', () => {
    const n = Math.max(DEFAULT_THRESHOLDS.elementwise, DEFAULT_THRESHOLDS.resident) * 2;
    const x = randn([n]);
    expect(onWasm(x)).toBe(true);
    tidy(() => {
      const y = x.mul(x).add(1);
      expect(onWasm(y)).toBe(true);
      expect(y.toTypedArray()[5]).toBeCloseTo(x.toTypedArray()[5] ** 2 + 1, 5);
    });
    x.dispose();
  });

  it('float64 stays on the JS heap and uses the js kernels', () => {
    const x = randn([64, 64], { dtype: 'float64' });
    expect(x.storage.data).toBeInstanceOf(Float64Array);
    expect(x.matmul(x).storage.data).toBeInstanceOf(Float64Array);
  });
});
