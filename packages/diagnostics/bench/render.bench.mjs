// How long rendering the two heaviest seed charts to SVG takes, warm (vega already loaded).
//
//   npx tsc -p tsconfig.build.json && node bench/render.bench.mjs [--runs N]
//
// Uses the compiled package from ../dist, as tslab and the CLI do. Prints the first render (which
// loads vega and vega-lite), then the median and min of N warm renders of: a 50-bin histogram of a
// 32x200 tanh activation, and the 32x200 |h| > 0.99 saturation map (6,400 rects), with the sizes of
// each spec and SVG.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { histogram, saturationMap } = require('../dist/index.js');
const { Generator, randn } = require('@poise/tensor');

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const h = randn([32, 200], { generator: new Generator().manualSeed(2147483647) }).mul(2).tanh();

async function time(fn) {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

const [first] = await time(() => histogram(h).toSVG());
console.log(`first render (loads vega, vega-lite): ${first.toFixed(0)} ms`);
for (const [name, build] of [
  ['histogram, 50 bins, 6400 values', () => histogram(h, { bins: 50 })],
  ['saturation map, 32x200', () => saturationMap(h)],
]) {
  for (let i = 0; i < 3; i++) await build().toSVG(); // warm-up: JIT and vega's caches
  const ms = [];
  let svg = '';
  let spec = '';
  for (let i = 0; i < RUNS; i++) {
    const [t, out] = await time(async () => {
      const chart = build(); // building the spec is part of the cost a user pays
      spec = JSON.stringify(chart.spec);
      return chart.toSVG();
    });
    ms.push(t);
    svg = out;
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${name}: median ${ms[RUNS >> 1].toFixed(1)} ms, min ${ms[0].toFixed(1)} ms over ${RUNS} runs; ` +
      `spec ${(spec.length / 1024).toFixed(1)} KiB, SVG ${(svg.length / 1024).toFixed(1)} KiB`,
  );
}
