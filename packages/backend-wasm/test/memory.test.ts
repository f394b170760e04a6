import { describe, expect, it } from 'vitest';
import { setBackend } from '@poise/tensor';
import { useWasm, wasmMemory, wasmBackend } from '../src';
import { makeMlp } from './helpers/mlp';

/**
 * 10,000 training steps of a small MLP with every step in a tidy scope: after a warm-up the WASM heap
 * must not grow at all and the live storage must return to the same bytes after every step.
 */
describe('WASM memory stays flat over 10,000 training steps', () => {
  for (const mode of ['wasm', 'auto'] as const) {
    it(`${mode}: heap size and live bytes are constant`, async () => {
      await useWasm({ backend: mode });
      // batch 32, 32 -> 64 -> 10: the matmuls (65k and 20k multiply-adds) go to XNNPACK under auto too.
      const mlp = makeMlp({ batch: 32, nIn: 32, hidden: 64, classes: 10 });
      const first = mlp.step(0.1);
      for (let i = 0; i < 99; i++) mlp.step(0.1);
      const warm = wasmMemory();
      const wasmOps = wasmBackend(mode).stats.wasm;
      let last = first;
      let maxLive = warm.liveBytes;
      const t0 = performance.now();
      for (let i = 0; i < 10_000; i++) {
        last = mlp.step(0.1);
        if (i % 500 === 0) maxLive = Math.max(maxLive, wasmMemory().liveBytes);
      }
      const ms = performance.now() - t0;
      const end = wasmMemory();
      console.log(
        `${mode}: 10,000 steps in ${(ms / 1000).toFixed(1)} s (${((ms / 10_000) * 1000).toFixed(0)} us/step); WASM heap ` +
          `${warm.heapBytes} -> ${end.heapBytes} bytes; live storage ${warm.liveBytes} -> ${end.liveBytes} bytes ` +
          `(${warm.liveBuffers} -> ${end.liveBuffers} buffers, max ${maxLive}); loss ${first.toFixed(4)} -> ${last.toFixed(4)}`,
      );
      expect(wasmBackend(mode).stats.wasm).toBeGreaterThan(wasmOps); // the WASM kernels really ran
      expect(end.heapBytes).toBe(warm.heapBytes);
      expect(end.liveBytes).toBe(warm.liveBytes);
      expect(end.liveBuffers).toBe(warm.liveBuffers);
      expect(maxLive).toBe(warm.liveBytes);
      expect(last).toBeLessThan(first * 0.2); // it trained
      setBackend('js');
    });
  }
});
