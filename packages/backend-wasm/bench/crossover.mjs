#!/usr/bin/env node
/**
 * Measures where WASM (tfjs-backend-wasm / XNNPACK) starts to beat the TypeScript kernels, op by op, through
 * the tensor API (so every number includes the core's dispatch): the `js` backend against the `wasm` backend
 * with its inputs already in the WASM heap. Prints a Markdown table and the crossovers the `auto` backend
 * uses, and writes them as JSON (reports/backend-wasm-crossover.json at the repository root).
 *
 *   npm run build && node packages/backend-wasm/bench/crossover.mjs [--quick]
 *
 * Not a test: timings depend on the machine and its load. Medians of several runs are reported.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const T = require('@poise/tensor');
const W = require('../dist/index.js');

const quick = process.argv.includes('--quick');
const budgetMs = quick ? 40 : 150; // time per measurement

/** Median time per call in microseconds of fn(), calls batched to fill ~budget/5 ms, 5 batches. */
function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const dt = performance.now() - t0;
    if (dt > budgetMs / 5 || reps > 1e6) break;
    reps *= 2;
  }
  const samples = [];
  for (let s = 0; s < 5; s++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    samples.push(((performance.now() - t0) / reps) * 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

/** Runs `make(backend)` to build inputs on each backend and times `op(inputs)` (results freed at once). */
function compare(make, op) {
  const out = {};
  for (const b of ['js', 'wasm']) {
    T.setBackend(b);
    const inputs = make();
    out[b] = time(() => T.dispose(op(inputs)));
    T.dispose(inputs);
  }
  T.setBackend('js');
  return out;
}

const fmt = (us) => (us < 10 ? us.toFixed(2) : us < 100 ? us.toFixed(1) : us.toFixed(0));

await W.registerWasm();
const { simd, threads } = (await W.useWasm({ backend: 'wasm' }), W.wasmInfo());
T.setBackend('js');
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`# backend-wasm crossovers\n\n${cpu}, ${os.cpus().length} logical cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; Node ${process.version}; WASM SIMD ${simd}, ${threads} thread(s)\n`);

const results = { machine: { cpu, cores: os.cpus().length, load: os.loadavg(), node: process.version, simd, threads }, elementwise: {}, reduce: {}, matmul: [], gflops: [] };

// ---- elementwise ------------------------------------------------------------------------------------------
const sizes = quick ? [256, 4096, 16384, 65536, 262144] : [256, 1024, 4096, 8192, 16384, 32768, 65536, 262144, 1048576];
const elementwise = {
  add: (x) => x.add(x),
  mul: (x) => x.mul(x),
  tanh: (x) => x.tanh(),
  exp: (x) => x.exp(),
  'mul scalar': (x) => x.mul(0.5),
};
console.log('## elementwise (float32, us per op: js / wasm)\n');
console.log(`| op | ${sizes.join(' | ')} | crossover |`);
console.log(`|---|${sizes.map(() => '---').join('|')}|---|`);
for (const [name, op] of Object.entries(elementwise)) {
  const row = [];
  let cross = null;
  for (const n of sizes) {
    const r = compare(() => T.randn([n]), op);
    row.push(r);
    if (cross === null && r.wasm < r.js) cross = n;
  }
  results.elementwise[name] = { sizes, js: row.map((r) => r.js), wasm: row.map((r) => r.wasm), crossover: cross };
  console.log(`| ${name} | ${row.map((r) => `${fmt(r.js)} / ${fmt(r.wasm)}`).join(' | ')} | ${cross ?? '> ' + sizes.at(-1)} |`);
}

// ---- reductions -------------------------------------------------------------------------------------------
console.log('\n## reductions (float32 [n/64, 64], us per op: js / wasm)\n');
console.log(`| op | ${sizes.join(' | ')} | crossover |`);
console.log(`|---|${sizes.map(() => '---').join('|')}|---|`);
const reductions = { 'max(1)': (x) => x.amax(1), 'max(0)': (x) => x.amax(0), 'sum(1) (js in both)': (x) => x.sum(1) };
for (const [name, op] of Object.entries(reductions)) {
  const row = [];
  let cross = null;
  for (const n of sizes) {
    const r = compare(() => T.randn([n / 64, 64]), op);
    row.push(r);
    if (cross === null && r.wasm < r.js) cross = n;
  }
  results.reduce[name] = { sizes, js: row.map((r) => r.js), wasm: row.map((r) => r.wasm), crossover: cross };
  console.log(`| ${name} | ${row.map((r) => `${fmt(r.js)} / ${fmt(r.wasm)}`).join(' | ')} | ${cross ?? '> ' + sizes.at(-1)} |`);
}

// ---- matmul crossover -------------------------------------------------------------------------------------
console.log('\n## matmul crossover (float32, us per product: js / wasm)\n');
console.log('| M x K x N | multiply-adds | js | wasm | faster |');
console.log('|---|---|---|---|---|');
const mmShapes = [
  [4, 4, 4], [8, 8, 8], [16, 8, 16], [16, 16, 16], [16, 16, 32], [20, 20, 20], [24, 24, 24], [32, 16, 32], [32, 32, 32],
  [32, 30, 200], [32, 200, 27], [48, 48, 48], [64, 64, 64], [60, 784, 100],
];
let mmCross = null;
for (const [M, K, N] of mmShapes) {
  const r = compare(() => [T.randn([M, K]), T.randn([K, N])], ([a, b]) => a.matmul(b));
  const macs = M * K * N;
  results.matmul.push({ M, K, N, macs, js: r.js, wasm: r.wasm });
  if (r.wasm < r.js && mmCross === null) mmCross = macs;
  if (r.wasm >= r.js) mmCross = null; // the crossover is where wasm wins from then on
  console.log(`| ${M} x ${K} x ${N} | ${macs} | ${fmt(r.js)} | ${fmt(r.wasm)} | ${r.wasm < r.js ? 'wasm' : 'js'} |`);
}

// ---- matmul throughput ------------------------------------------------------------------------------------
console.log('\n## matmul throughput (float32, wasm backend, GFLOP/s = 2 M K N / time)\n');
console.log('| M x K x N | js GFLOP/s | wasm GFLOP/s | wasm, transposed right operand (b.t()) |');
console.log('|---|---|---|---|');
const big = quick ? [[60, 784, 100], [512, 512, 512]] : [[32, 30, 200], [60, 784, 100], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024]];
for (const [M, K, N] of big) {
  const flop = 2 * M * K * N;
  const r = compare(() => [T.randn([M, K]), T.randn([K, N])], ([a, b]) => a.matmul(b));
  T.setBackend('wasm');
  const a = T.randn([M, K]), bt = T.randn([N, K]);
  const tr = time(() => T.dispose(a.matmul(bt.t())));
  T.dispose([a, bt]);
  T.setBackend('js');
  const g = { M, K, N, js: flop / r.js / 1e3, wasm: flop / r.wasm / 1e3, wasmTransposed: flop / tr / 1e3 };
  results.gflops.push(g);
  console.log(`| ${M} x ${K} x ${N} | ${g.js.toFixed(1)} | ${g.wasm.toFixed(1)} | ${g.wasmTransposed.toFixed(1)} |`);
}

const elementCross = Object.values(results.elementwise).map((e) => e.crossover ?? Infinity);
results.crossovers = {
  elementwise: Math.min(...elementCross),
  elementwiseMedian: elementCross.sort((a, b) => a - b)[Math.floor(elementCross.length / 2)],
  maxReduce: results.reduce['max(1)'].crossover,
  matmulMacs: mmCross,
};
console.log(`\ncrossovers: elementwise ${results.crossovers.elementwise} elements (median over ops ${results.crossovers.elementwiseMedian}), ` +
  `max-reduction ${results.crossovers.maxReduce} elements, matmul ${mmCross} multiply-adds`);
console.log(`auto uses: ${JSON.stringify(W.DEFAULT_THRESHOLDS)}`);

const outDir = join(here, '../../../reports');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'backend-wasm-crossover.json'), JSON.stringify(results, null, 2));
console.log(`\nwrote ${join(outDir, 'backend-wasm-crossover.json')}`);
