// BatchNorm1d forward + backward on the seeds' [32, 200] float32 batch: the fused kernels of @poise/norm
// against the same computation composed from tensor ops, (x - mean) / sqrt(var + eps) * w + b.
//
//   npx turbo run build && node packages/norm/bench/batch-norm.bench.mjs [--quick] [--json]
//
// Prints the median time of one forward + backward (microseconds) over many timed runs, after a warm-up
// long enough for TurboFan to optimise both paths, and the ratio. Set POISE_NORM_DIST to benchmark another
// compiled copy of the package.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const norm = require(process.env.POISE_NORM_DIST ? path.resolve(process.env.POISE_NORM_DIST) : path.join(here, '..', 'dist', 'index.js'));
const { Generator, randn } = require('@poise/tensor');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const RUNS = quick ? 200 : 2000;
const WARM = quick ? 200 : 2000;

const g = new Generator().manualSeed(2147483647);
const x = randn([32, 200], { generator: g }).mul(3).add(0.5);
x.requiresGrad = true;
const up = randn([32, 200], { generator: g });

const bn = new norm.BatchNorm1d(200);
const w = bn.weight;
const b = bn.bias;

function fused() {
  x.grad = null; w.grad = null; b.grad = null;
  bn.forward(x).backward(up);
}

function composite() {
  x.grad = null; w.grad = null; b.grad = null;
  const mean = x.mean(0, { keepdim: true });
  const v = x.var(0, { keepdim: true, correction: 0 });
  x.sub(mean).div(v.add(1e-5).sqrt()).mul(w).add(b).backward(up);
}

function median(fn) {
  for (let i = 0; i < WARM; i++) fn();
  const t = new Float64Array(RUNS);
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    t[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  }
  t.sort();
  return t[RUNS >> 1];
}

// Interleave so neither path benefits from running last on a warmer machine.
const f1 = median(fused);
const c1 = median(composite);
const f2 = median(fused);
const c2 = median(composite);
const fusedUs = Math.min(f1, f2);
const compositeUs = Math.min(c1, c2);
const result = { shape: [32, 200], dtype: 'float32', runs: RUNS, fusedUs, compositeUs, speedup: compositeUs / fusedUs };
if (args.includes('--json')) console.log(JSON.stringify(result));
else {
  console.log(`BatchNorm1d forward+backward [32, 200] float32, median of ${RUNS} runs`);
  console.log(`  fused kernels       ${fusedUs.toFixed(1)} us`);
  console.log(`  composite (tensor ops) ${compositeUs.toFixed(1)} us`);
  console.log(`  speedup             ${(compositeUs / fusedUs).toFixed(1)}x`);
}
