// Throughput of the JS backend's matmul kernel against a naive strided i-k-j loop.
//
//   npx tsc -p tsconfig.build.json && node bench/matmul-kernel.bench.mjs [--quick] [--wall] [--json] [filter]
//
// Imports the compiled kernel from ../dist; set MATMUL_KERNEL_JS to another compiled copy (e.g. from
// `npx tsc --outDir /tmp/mmk --module commonjs --target es2022 src/backend/js/matmul-kernel.ts`) to
// benchmark without building the whole package. Prints GFLOP/s = 2*M*N*K / time, the median of
// several timed runs after a warm-up long enough for TurboFan to optimise both loops, and each
// result's error against a double-precision reference.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const kernelPath = process.env.MATMUL_KERNEL_JS
  ? path.resolve(process.env.MATMUL_KERNEL_JS)
  : path.join(here, '..', 'dist', 'backend', 'js', 'matmul-kernel.js');
const { matmulStrided } = require(kernelPath);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filter = args.find((x) => !x.startsWith('--'));
const RUNS = quick ? 5 : 11;
const RUN_MS = quick ? 10 : 25;
const WARM_MS = quick ? 60 : 200;

/**
 * Shapes the library multiplies, with the layouts autograd produces: backward passes read one
 * operand through a transposed view (aT: A stored K x M, bT: B stored N x K), with no copy.
 */
const SHAPES = [
  { name: '[32,30]x[30,200]', M: 32, K: 30, N: 200 },
  { name: '[32,200]x[200,27]', M: 32, K: 200, N: 27 },
  { name: '[30,32]x[32,200] aT', M: 30, K: 32, N: 200, aT: true },
  { name: '[200,32]x[32,27] aT', M: 200, K: 32, N: 27, aT: true },
  { name: '[32,27]x[27,200] bT', M: 32, K: 27, N: 200, bT: true },
  { name: '[60,784]x[784,100]', M: 60, K: 784, N: 100 },
  { name: '[60,100]x[100,100]', M: 60, K: 100, N: 100 },
  { name: '128^3', M: 128, K: 128, N: 128 },
  { name: '256^3', M: 256, K: 256, N: 256 },
  { name: '512^3', M: 512, K: 512, N: 512 },
  // Not in the training loop, but on the unpacked matrix-vector path: one sample through a layer.
  { name: '[1,784]x[784,100]', M: 1, K: 784, N: 100 },
  { name: '[100,784]x[784,1]', M: 100, K: 784, N: 1 },
];

/**
 * The straightforward kernel a first implementation would write: strided reads, i-k-j order,
 * accumulating in `out`. One copy per element type so each stays monomorphic, as the kernel's are.
 */
function naiveIKJ32(a, aOff, aRS, aCS, b, bOff, bRS, bCS, out, M, N, K) {
  out.fill(0, 0, M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const aik = a[aOff + i * aRS + k * aCS];
      const bk = bOff + k * bRS, o = i * N;
      for (let j = 0; j < N; j++) out[o + j] += aik * b[bk + j * bCS];
    }
  }
}
function naiveIKJ64(a, aOff, aRS, aCS, b, bOff, bRS, bCS, out, M, N, K) {
  out.fill(0, 0, M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const aik = a[aOff + i * aRS + k * aCS];
      const bk = bOff + k * bRS, o = i * N;
      for (let j = 0; j < N; j++) out[o + j] += aik * b[bk + j * bCS];
    }
  }
}

/** Exact-as-possible reference: double products summed in double. */
function reference(a, aRS, aCS, b, bRS, bCS, M, N, K) {
  const ref = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * aRS + k * aCS] * b[k * bRS + j * bCS];
      ref[i * N + j] = s;
    }
  }
  return ref;
}

function maxRelErr(out, ref) {
  let scale = 0, err = 0;
  for (let i = 0; i < ref.length; i++) { scale = Math.max(scale, Math.abs(ref[i])); err = Math.max(err, Math.abs(out[i] - ref[i])); }
  return err / (scale || 1);
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1];
}

/**
 * Process CPU time in seconds. The default clock: on a shared 2-core VM, wall time mostly measures
 * how often the scheduler lets this process run; CPU time measures the code (pass --wall for wall).
 */
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const wallSeconds = () => performance.now() / 1000;
const clock = args.includes('--wall') ? wallSeconds : cpuSeconds;

/** Seconds per call for one timed run: fn repeated for at least RUN_MS so timer resolution is moot. */
function timedRun(fn) {
  let n = 0;
  const t0 = clock();
  let t;
  do { fn(); n++; t = clock(); } while (t - t0 < RUN_MS / 1000);
  return (t - t0) / n;
}

/**
 * Median seconds per call of each function. Runs alternate between the functions so that both see
 * the same machine conditions (shared 2-core VMs drift by tens of percent over seconds).
 */
function timeInterleaved(fns) {
  for (const fn of fns) { const w0 = performance.now(); while (performance.now() - w0 < WARM_MS) fn(); }
  const per = fns.map(() => []);
  for (let r = 0; r < RUNS; r++) fns.forEach((fn, i) => per[i].push(timedRun(fn)));
  return per.map(median);
}

function fill(arr, seed) {
  let s = seed;
  for (let i = 0; i < arr.length; i++) { s = (s * 1103515245 + 12345) >>> 0; arr[i] = s / 2147483648 - 1; }
  return arr;
}

console.log(`node ${process.version}, kernel ${path.relative(process.cwd(), kernelPath)}; GFLOP/s = 2*M*N*K / median ${clock === cpuSeconds ? 'CPU' : 'wall'} time;` +
  ` err = max |x - exact| / max |exact|, exact = double-precision sum`);
const rows = [];
for (const dt of ['float32', 'float64']) {
  const Arr = dt === 'float32' ? Float32Array : Float64Array;
  const naive = dt === 'float32' ? naiveIKJ32 : naiveIKJ64;
  for (const sh of SHAPES) {
    if (filter && !sh.name.includes(filter)) continue;
    const { M, N, K } = sh;
    // A stored M x K (or K x M when aT), B stored K x N (or N x K when bT).
    const a = fill(new Arr(M * K), 1), b = fill(new Arr(K * N), 2), out = new Arr(M * N), nout = new Arr(M * N);
    const [aRS, aCS] = sh.aT ? [1, M] : [K, 1];
    const [bRS, bCS] = sh.bT ? [1, K] : [N, 1];
    const flops = 2 * M * N * K;
    const [tKernel, tNaive] = timeInterleaved([
      () => matmulStrided(a, 0, 0, aRS, aCS, b, 0, 0, bRS, bCS, out, 1, M, N, K),
      () => naive(a, 0, aRS, aCS, b, 0, bRS, bCS, nout, M, N, K),
    ]);
    const ref = reference(a, aRS, aCS, b, bRS, bCS, M, N, K);
    const r = {
      dt, shape: sh.name, kernel: flops / tKernel / 1e9, naive: flops / tNaive / 1e9, us: tKernel * 1e6,
      errKernel: maxRelErr(out, ref), errNaive: maxRelErr(nout, ref),
    };
    rows.push(r);
    console.log(`${dt.padEnd(8)} ${sh.name.padEnd(20)} kernel ${r.kernel.toFixed(2).padStart(5)} GFLOP/s ${r.us.toFixed(1).padStart(8)} us` +
      ` | naive ikj ${r.naive.toFixed(2).padStart(5)} GFLOP/s | x${(r.kernel / r.naive).toFixed(1).padStart(4)}` +
      ` | err kernel ${r.errKernel.toExponential(1)} naive ${r.errNaive.toExponential(1)}`);
  }
}
if (args.includes('--json')) console.log(JSON.stringify(rows));
