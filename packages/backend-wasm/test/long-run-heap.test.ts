import { describe, expect, it } from 'vitest';
import { setBackend } from '@poise/tensor';
import { useWasm, wasmMemory } from '../src';
import { makeMlp } from './helpers/mlp';

/**
 * Complements memory.test.ts (WASM heap over 10,000 steps on wasm/auto): the JS heap must stay flat too, on
 * every backend including plain js, so nothing (autograd graphs, hooks, scopes, storage wrappers) is
 * retained from step to step. The heap is measured after a forced full GC (vitest runs this package's forks
 * with --expose-gc) after a 1,000-step warm-up and every 2,000 steps after. V8's own caches (optimized code,
 * type feedback) still grow by a few hundred KB during the first samples and then settle, so the test bounds
 * (a) the growth between the first and the later samples, 8,000 steps apart, to less than what leaking a
 * single 64-byte object per step would add (512 KB; a leaked Tensor with its Storage is larger), and (b) the
 * total growth from the baseline to 1 MB.
 */
const STEPS = 10_000;
const WARMUP = 1_000;
const SAMPLE_EVERY = 2_000;
const LEAK_BOUND_BYTES = 512 * 1024;
const TOTAL_BOUND_BYTES = 1024 * 1024;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (vitest.config.ts poolOptions.forks.execArgv)');
  gc();
  gc(); // a second pass collects what the first one's finalizers released
  return process.memoryUsage().heapUsed;
}

describe('JS heap (and WASM heap) stay flat over 10,000 training steps', () => {
  for (const mode of ['js', 'auto', 'wasm'] as const) {
    it(`${mode}`, async () => {
      if (mode === 'js') setBackend('js');
      else await useWasm({ backend: mode });
      const mlp = makeMlp({ batch: 32, nIn: 32, hidden: 64, classes: 10, seed: 99 });
      const first = mlp.step(0.1);
      for (let i = 1; i < WARMUP; i++) mlp.step(0.1);
      const wasmBefore = mode === 'js' ? null : wasmMemory();
      const before = heapAfterGc();
      const samples: number[] = [];
      let last = first;
      const t0 = performance.now();
      for (let i = 1; i <= STEPS; i++) {
        last = mlp.step(0.1);
        if (i % SAMPLE_EVERY === 0) samples.push(heapAfterGc());
      }
      const seconds = (performance.now() - t0) / 1000;
      const after = samples[samples.length - 1];
      const wasmAfter = mode === 'js' ? null : wasmMemory();
      console.log(
        `${mode}: ${STEPS} steps in ${seconds.toFixed(1)} s; JS heap after GC ${kb(before)} -> ${kb(after)} ` +
          `(samples ${samples.map(kb).join(', ')})` +
          (wasmBefore && wasmAfter ? `; WASM heap ${wasmBefore.heapBytes} -> ${wasmAfter.heapBytes} bytes, live ${wasmBefore.liveBytes} -> ${wasmAfter.liveBytes}` : '') +
          `; loss ${first.toFixed(4)} -> ${last.toFixed(4)}`,
      );
      expect(Math.max(...samples) - samples[0]).toBeLessThan(LEAK_BOUND_BYTES);
      expect(Math.max(...samples) - before).toBeLessThan(TOTAL_BOUND_BYTES);
      if (wasmBefore && wasmAfter) {
        expect(wasmAfter.heapBytes).toBe(wasmBefore.heapBytes);
        expect(wasmAfter.liveBytes).toBe(wasmBefore.liveBytes);
      }
      expect(last).toBeLessThan(first * 0.2); // it trained
      setBackend('js');
    });
  }
});

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
