import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '@poise/backend-wasm';
import {
  IOFFE2015_SCALES, IOFFE2015_LR_VARIANTS as LR_VARIANTS, ioffe2015Charts, ioffe2015Config, ioffe2015Markdown, loadIoffe2015Data, runIoffe2015,
  type Ioffe2015Result,
} from '../src';
import { STUDY_COMMANDS } from '../src/study-registry';

/** One quick-scale run of the whole study, shared by every test (about 1-2 minutes on 2 cores). */
let r: Ioffe2015Result;
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const last = (a: number[]) => a[a.length - 1];

beforeAll(async () => {
  await useWasm();
  const data = await loadIoffe2015Data();
  r = runIoffe2015(data, { scale: 'quick' });
  console.log(`ioffe2015 quick: ${r.seconds.toFixed(0)} s`);
}, 600_000);

describe('ioffe2015 at quick scale', () => {
  it('uses the real t10k test digits and the quick configuration', () => {
    expect(r.scale).toBe('quick');
    expect(r.config).toEqual(IOFFE2015_SCALES.quick);
    expect(r.dataSource).toContain('t10k');
    const f = r.figure1;
    for (const n of [f.withoutBN, f.withBN]) {
      expect(last(n.curve.steps)).toBe(f.config.steps);
      expect(n.curve.losses).toHaveLength(f.config.steps);
      expect(n.percentiles.steps[0]).toBe(0);
      expect(n.percentiles.steps).toHaveLength(f.config.steps / f.config.recordEvery);
    }
  });

  it('Figure 1(a): with BN the network reaches a higher test accuracy at the same step count', () => {
    const without = r.figure1.withoutBN.curve;
    const withBN = r.figure1.withBN.curve;
    console.log(`Figure 1(a) at step ${last(withBN.steps)}: without BN ${pct(last(without.accuracy))}, with BN ${pct(last(withBN.accuracy))}`);
    expect(last(withBN.accuracy)).toBeGreaterThan(last(without.accuracy) + 0.02);
    expect(last(withBN.accuracy)).toBeGreaterThan(0.9);
    expect(last(without.accuracy)).toBeGreaterThan(0.5); // it trains too, only slower
    // BN is ahead at every measurement of the first half, as in the paper's plot.
    const half = withBN.accuracy.length / 2;
    for (let i = 0; i < half; i++) expect(withBN.accuracy[i], `step ${withBN.steps[i]}`).toBeGreaterThan(without.accuracy[i]);
  });

  it("Figure 1(b, c): the last hidden layer's sigmoid input drifts without BN and stays put with BN", () => {
    const a = r.figure1.withoutBN.drift;
    const b = r.figure1.withBN.drift;
    console.log('drift without BN', a, 'with BN', b);
    expect(b.spreadChange).toBeLessThan(a.spreadChange);
    expect(b.spreadChange).toBeLessThan(2);
    expect(a.spreadChange).toBeGreaterThan(3);
    expect(b.medianShift).toBeLessThan(a.medianShift);
    expect(b.medianShift).toBeLessThan(0.25);
    // With BN the input starts standardized: p15 and p85 near -1.04 and +1.04 (±1 normal quantiles).
    expect(r.figure1.withBN.percentiles.p15[0]).toBeCloseTo(-1.04, 0);
    expect(r.figure1.withBN.percentiles.p85[0]).toBeCloseTo(1.04, 0);
  });

  it('section 4.2: BN at 5x the rate trains; without BN, 30x does not reach what BN reaches', () => {
    const lr = r.learningRate;
    for (const run of lr.runs) console.log(`${run.variant.name.padEnd(16)} lr ${run.lr}: max ${pct(run.maxAccuracy)}, steps to ${pct(lr.target)}: ${run.stepsToTarget}${run.diverged ? ' (diverged)' : ''}`);
    expect(lr.runs.map((x) => x.variant.name)).toEqual(LR_VARIANTS.map((v) => v.name));
    expect(lr.target).toBeGreaterThan(0.85);
    const bn5 = lr.run('BN-x5');
    const nobn30 = lr.run('noBN-x30');
    expect(bn5.stepsToTarget).not.toBeNull();
    expect(bn5.stepsToTarget!).toBeLessThanOrEqual(lr.run('Baseline').stepsToTarget!);
    expect(bn5.maxAccuracy).toBeGreaterThan(lr.target);
    expect(nobn30.maxAccuracy).toBeLessThan(bn5.maxAccuracy - 0.2);
    expect(nobn30.stepsToTarget).toBeNull();
    expect(lr.run('BN-x30').stepsToTarget).not.toBeNull();
    // Sigmoid: with BN it trains to the target; without BN it is far behind at the same rate.
    expect(lr.run('BN-x5-Sigmoid').maxAccuracy).toBeGreaterThan(lr.run('noBN-x5-Sigmoid').maxAccuracy + 0.1);
  });

  it('Algorithm 2: population statistics classify as well as the running averages; batch statistics of small test batches do not', () => {
    const inf = r.inference;
    console.log(inf);
    expect(inf.populationBatches).toBeGreaterThanOrEqual(Math.floor(10_000 / 60)); // every training image, in batches of 60
    expect(Math.abs(inf.population - inf.runningAverage)).toBeLessThan(0.01);
    expect(Math.abs(inf.populationBatchAverage - inf.population)).toBeLessThan(0.005);
    const [two, eight] = inf.batchStatistics;
    expect(two.batchSize).toBe(2);
    expect(two.accuracy).toBeLessThan(inf.populationOnBatchStatsImages - 0.2); // two examples per batch: each is pushed to ±1 by the normalization
    expect(eight.accuracy).toBeLessThan(inf.populationOnBatchStatsImages - 0.02);
  });

  it('the report carries the numbers, the scale and renders its charts', async () => {
    const md = ioffe2015Markdown(r, {});
    expect(md).toContain('Scale: **quick**');
    expect(md).toContain(`| With BN | ${pct(last(r.figure1.withBN.curve.accuracy))} |`);
    expect(md).toContain(`| BN-x5 | 0.05 (x5) |`);
    const charts = ioffe2015Charts(r);
    expect(Object.keys(charts)).toEqual(['ioffe2015-fig1a-accuracy.svg', 'ioffe2015-fig1bc-percentiles.svg', 'ioffe2015-lr-accuracy.svg']);
    const svg = await charts['ioffe2015-fig1bc-percentiles.svg'].toSVG();
    expect(svg.startsWith('<svg')).toBe(true);
  });
});

describe('ioffe2015 configuration and CLI', () => {
  it("full scale is the paper's 50,000 steps of Figure 1", () => {
    expect(IOFFE2015_SCALES.full.figure1).toMatchObject({ steps: 50_000, batchSize: 60, hidden: 100 });
  });

  it('is registered with `poise reproduce` and runs by default', () => {
    const cmd = STUDY_COMMANDS.find((s) => s.name === 'ioffe2015');
    expect(cmd?.runByDefault).toBe(true);
  });

  it('rejects bad configurations with a clear error', () => {
    expect(() => ioffe2015Config('quick', { figure1: { steps: 0 } })).toThrow('ioffe2015: figure1.steps must be a positive integer, got 0');
    expect(() => ioffe2015Config('medium' as never)).toThrow("ioffe2015: scale must be 'quick' or 'full', got medium");
  });
});
