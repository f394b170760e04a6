// Time and throughput of the js backend's conv2d, forward and backward, on He et al.'s stage-1 shape:
// batch 64, 28x28, 16 -> 16 channels, 3x3, padding 1 (float32 unless --float64).
//
//   npx tsc -p tsconfig.build.json && node bench/conv.bench.mjs [--quick] [--wall] [--float64] [--json] [--batch N]
//
// Imports the compiled package from ../dist. Prints the median time of several timed runs, process CPU time
// by default (on a shared 2-core VM wall time mostly measures the scheduler; --wall for wall time; the
// code is single-threaded, so on an idle machine the two agree), after a
// warm-up long enough for TurboFan to optimise the kernels) and GFLOP/s, counting 2 * N * O * OH * OW *
// (C / groups) * kH * kW flops for each of the forward product and the two gradient products (the bias
// add and bias gradient are not counted). Rows: each kernel alone, called through the Backend interface, and
// `conv2d(x, w, b)` forward plus `out.backward(g)` through autograd (what training pays).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const T = require(path.join(here, '..', 'dist', 'index.js'));

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const dtype = args.includes('--float64') ? 'float64' : 'float32';
const batchArg = args.indexOf('--batch');
const N = batchArg >= 0 ? Number(args[batchArg + 1]) : 64;
const RUNS = quick ? 5 : 15;
const WARM_MS = quick ? 300 : 1500;

const C = 16, O = 16, H = 28, W = 28, k = 3;
const g = new T.Generator().manualSeed(0);
const x = T.randn([N, C, H, W], { generator: g, dtype });
const w = T.randn([O, C, k, k], { generator: g, dtype }).mul(1 / Math.sqrt(C * k * k));
const b = T.randn([O], { generator: g, dtype });
const up = T.randn([N, O, H, W], { generator: g, dtype });
const params = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 };
const backend = T.getBackend();
const flopsPerProduct = 2 * N * O * H * W * C * k * k;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const wall = args.includes('--wall');
const clock = wall ? () => performance.now() : cpuMs;

function time(fn) {
  const t0 = performance.now();
  while (performance.now() - t0 < WARM_MS) fn();
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const s = clock();
    fn();
    times.push(clock() - s);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

const rows = [
  ['conv2d forward (kernel)', 1, () => backend.conv2d(x, w, b, params)],
  ['conv2dBackwardInput (kernel)', 1, () => backend.conv2dBackwardInput(up, w, x.shape, params)],
  ['conv2dBackwardWeight (kernel)', 1, () => backend.conv2dBackwardWeight(up, x, w.shape, params)],
  ['forward + backward (autograd)', 3, () => {
    const xl = x.detach(); xl.requiresGrad = true;
    const wl = w.detach(); wl.requiresGrad = true;
    const bl = b.detach(); bl.requiresGrad = true;
    T.conv2d(xl, wl, bl, { padding: 1 }).backward(up);
  }],
];

const results = [];
for (const [name, products, fn] of rows) {
  const t = time(fn);
  results.push({ name, ms: t.median, minMs: t.min, maxMs: t.max, gflops: (products * flopsPerProduct) / (t.median * 1e6) });
}

if (args.includes('--json')) {
  console.log(JSON.stringify({ shape: { N, C, H, W, O, k, padding: 1 }, dtype, clock: wall ? 'wall' : 'cpu', node: process.version, results }, null, 2));
} else {
  console.log(`conv2d js backend, ${dtype}, x [${N}, ${C}, ${H}, ${W}], w [${O}, ${C}, ${k}, ${k}], padding 1; ` +
    `${(flopsPerProduct / 1e6).toFixed(1)} MFLOP per product; median ${wall ? 'wall' : 'CPU'} time of ${RUNS} runs (node ${process.version})`);
  for (const r of results) {
    console.log(`  ${r.name.padEnd(32)} ${r.ms.toFixed(1).padStart(8)} ms  ${r.gflops.toFixed(2).padStart(6)} GFLOP/s` +
      `   (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)})`);
  }
}
