/**
 * The measuring loop: for each workload, every implementation is warmed up, calibrated so one sample lasts
 * about `sampleSeconds`, then sampled in `rounds` rounds. Within a round the implementations run back to back
 * (in a rotating order), so the poise/peer ratio of a round sees the same machine load; the table reports the
 * median of those per-round ratios and the median time per step of each implementation.
 */
import { performance } from 'node:perf_hooks';
import { median, pairedRatio, relativeSpread } from './stats';
import { finishRow, type Impl, type ResultRow } from './table';
import type { TorchPeer } from './peers/torch';
import type { Step, Workload } from './workloads';

export interface HarnessOptions {
  rounds: number;
  sampleSeconds: number;
  /** Warm-up steps at least, and at least `warmupSeconds` of them (V8 optimizes hot code only after many calls). */
  warmup: number;
  warmupSeconds: number;
  peakGflopsPerCore: number;
  /** Skip the tfjs peer. */
  noTfjs?: boolean;
  log?: (line: string) => void;
}

interface Runner {
  impl: Impl;
  /** Seconds for n steps. */
  run(n: number): Promise<number>;
}

function localRunner(impl: Impl, s: Step): Runner {
  return {
    impl,
    run: async (n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) s.step();
      return (performance.now() - t0) / 1000;
    },
  };
}

export async function runWorkload(w: Workload, torch: TorchPeer | null, opts: HarnessOptions, notes: string[]): Promise<ResultRow> {
  const log = opts.log ?? (() => undefined);
  const runners: Runner[] = [localRunner('poise', w.poise())];
  if (w.tfjs && !opts.noTfjs) {
    try {
      const s = w.tfjs();
      s.step();
      runners.push(localRunner('tfjs', s));
    } catch (e) {
      notes.push(`${w.id}: tfjs peer failed: ${(e as Error).message}`);
    }
  }
  if (w.torch && torch !== null) {
    try {
      await torch.setup(w.id, w.torch.kind, w.torch.args);
      runners.push({ impl: 'torch', run: (n) => torch.run(w.id, n) });
    } catch (e) {
      notes.push(`${w.id}: torch peer failed: ${(e as Error).message}`);
    }
  }
  // Warm up (JIT, XNNPACK operator caches, allocators), then calibrate the steps per sample.
  const iters = new Map<Impl, number>();
  for (const r of runners) {
    let warm = 0;
    let n = 1;
    for (let done = 0; done < opts.warmup || warm < opts.warmupSeconds; done += n, n *= 2) warm += await r.run(n);
    const probe = Math.max((await r.run(1)), (await r.run(1)));
    iters.set(r.impl, Math.max(1, Math.round(opts.sampleSeconds / Math.max(probe, 1e-7))));
  }
  const samples: Partial<Record<Impl, number[]>> = {};
  for (const r of runners) samples[r.impl] = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < runners.length; k++) {
      const r = runners[(k + round) % runners.length];
      const n = iters.get(r.impl)!;
      samples[r.impl]!.push((await r.run(n)) / n);
    }
  }
  const med: Partial<Record<Impl, number>> = {};
  const spread: Partial<Record<Impl, number>> = {};
  for (const r of runners) {
    med[r.impl] = median(samples[r.impl]!);
    spread[r.impl] = relativeSpread(samples[r.impl]!);
  }
  const ratio: Partial<Record<'torch' | 'tfjs', number>> = {};
  for (const peer of ['torch', 'tfjs'] as const) {
    if (samples[peer]) ratio[peer] = pairedRatio(samples.poise!, samples[peer]!);
  }
  let gflops: Partial<Record<Impl, number>> | undefined;
  let peakFraction: number | undefined;
  if (w.flops !== undefined) {
    gflops = {};
    for (const r of runners) gflops[r.impl] = w.flops / med[r.impl]! / 1e9;
    peakFraction = gflops.poise! / opts.peakGflopsPerCore;
  }
  const rss = { node: process.memoryUsage().rss, torch: torch !== null && w.torch ? await torch.maxRss().catch(() => undefined) : undefined };
  const row = finishRow({ id: w.id, title: w.title, median: med, spread, samples, ratio, flops: w.flops, gflops, peakFraction, targets: w.targets, rss });
  log(`  ${w.title}: ${runners.map((r) => `${r.impl} ${(med[r.impl]! * 1e3).toFixed(3)} ms (x${iters.get(r.impl)}/sample)`).join(', ')}`);
  return row;
}
