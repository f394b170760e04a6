#!/usr/bin/env node
/**
 * `npm run bench` (from the repository root; builds first): poise's workloads and its peers' same workloads in
 * one process run, interleaved, printed as a table of medians and poise/peer ratios, written as JSON.
 *
 *   node dist/cli.js [--quick] [--only id,id] [--no-torch] [--no-tfjs] [--backend auto|wasm|js] [--out path]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setBackend } from '@poise/tensor';
import { useWasm, wasmInfo, wasmMemory } from '@poise/backend-wasm';
import { runWorkload } from './harness';
import { machineInfo } from './machine';
import { TorchPeer } from './peers/torch';
import { fmtBytes } from './stats';
import { renderTable, type ResultRow } from './table';
import { allWorkloads } from './workloads';

export interface CliOptions {
  quick: boolean;
  only: string[] | null;
  torch: boolean;
  tfjs: boolean;
  backend: 'auto' | 'wasm' | 'js';
  out: string;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { quick: false, only: null, torch: true, tfjs: true, backend: 'auto', out: resolve(process.cwd(), '../../bench-results/latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--no-torch') o.torch = false;
    else if (a === '--no-tfjs') o.tfjs = false;
    else if (a === '--only') o.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--backend') {
      const b = argv[++i];
      if (b !== 'auto' && b !== 'wasm' && b !== 'js') throw new RangeError(`--backend must be auto, wasm or js, got ${b}`);
      o.backend = b;
    } else if (a === '--out') o.out = resolve(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--quick] [--only id,id] [--no-torch] [--no-tfjs] [--backend auto|wasm|js] [--out file.json]');
      process.exit(0);
    } else throw new RangeError(`unknown argument ${a} (try --help)`);
  }
  return o;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const m = machineInfo();
  await useWasm(); // tfjs's backend becomes 'wasm' too: the tfjs peer runs on the same binary
  if (opts.backend !== 'auto') setBackend(opts.backend);
  const wi = wasmInfo();
  console.log(`poise bench${opts.quick ? ' (quick)' : ''}: ${m.cpu}, ${m.cores} cores, node ${m.node}, load ${m.loadAverage.map((l) => l.toFixed(1)).join(' ')}`);
  console.log(
    `WASM-SIMD fp32 peak per core = ${m.flopsPerCycle} flops/cycle (2 mul + 2 add x 4 lanes) x ${m.ghz.toFixed(3)} GHz (${m.clockSource}) = ` +
      `${m.peakGflopsPerCore.toFixed(1)} GFLOP/s; ${m.cores} cores: ${(m.peakGflopsPerCore * m.cores).toFixed(1)} GFLOP/s`,
  );
  console.log(`poise backend: ${opts.backend} (WASM simd=${wi.simd}, threads=${wi.threads}); tfjs-layers on tfjs-backend-wasm, 1 thread`);
  const notes: string[] = [];
  let torch: TorchPeer | null = null;
  if (opts.torch) {
    const t = await TorchPeer.start();
    if (typeof t === 'string') {
      notes.push(`PyTorch peer skipped: ${t}. Install it with: apt-get install -y python3-torch libopenblas0-pthread`);
      console.log(`! ${notes[notes.length - 1]}`);
    } else {
      torch = t;
      console.log(`PyTorch ${t.info.torch} (python ${t.info.python}), ${t.info.threads} thread, BLAS: ${t.info.blas.loaded.join(', ') || t.info.blas.blasInfo}`);
      if (!t.info.blas.loaded.some((l) => /openblas/.test(l))) notes.push('PyTorch is not using OpenBLAS (apt-get install -y libopenblas0-pthread for a fair peer)');
    }
  }
  const rounds = opts.quick ? 5 : 11;
  const sampleSeconds = opts.quick ? 0.04 : 0.15;
  let workloads = allWorkloads(opts.quick);
  if (opts.only) workloads = workloads.filter((w) => opts.only!.some((id) => w.id === id || w.id.startsWith(id)));
  const rows: ResultRow[] = [];
  const started = Date.now();
  try {
    for (const w of workloads) {
      rows.push(await runWorkload(w, torch, {
        rounds, sampleSeconds, warmup: opts.quick ? 3 : 10, warmupSeconds: opts.quick ? 0.5 : 1.5, peakGflopsPerCore: m.peakGflopsPerCore, noTfjs: !opts.tfjs,
        log: (l) => console.log(l),
      }, notes));
    }
  } finally {
    await torch?.close();
  }
  const usage = process.resourceUsage();
  const nodePeak = usage.maxRSS * 1024;
  const torchPeak = rows.reduce((p, r) => Math.max(p, r.rss.torch ?? 0), 0) || undefined;
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  console.log(`peak RSS: node (poise + tfjs) ${fmtBytes(nodePeak)}, WASM heap ${fmtBytes(wasmMemory().heapBytes)}; PyTorch process ${fmtBytes(torchPeak)}`);
  console.log(`medians of ${rounds} interleaved rounds; ratios are poise time / peer time (below 1: poise is faster), median of per-round ratios`);
  for (const n of notes) console.log(`note: ${n}`);
  const json = {
    date: new Date().toISOString(),
    quick: opts.quick,
    backend: opts.backend,
    seconds: (Date.now() - started) / 1000,
    machine: m,
    wasm: wi,
    torch: torch?.info ?? null,
    peakRss: { node: nodePeak, torch: torchPeak },
    notes,
    rows,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n');
  console.log(`wrote ${opts.out}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
