import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '@poise/backend-wasm';
import { Generator, conv2d, randn, tensor } from '@poise/tensor';
import {
  CircularConv2d, circularPad, firstStepBelow,
  HE2015_SCALES, endToEnd, firstVersusDeeper, he2015Charts, he2015Markdown, plainFans, rectifierGain, runHe2015, stageWidths,
  theoryStd, varianceFactors, weightVariance, type He2015Result,
} from '../src';
import { STUDY_COMMANDS } from '../src/study-registry';

/** One quick-scale run of the whole study, shared by every test (about 1.5-4 minutes on 2 shared cores). */
let r: He2015Result;

beforeAll(async () => {
  await useWasm();
  r = await runHe2015({ scale: 'quick' });
  console.log(`he2015 quick: ${r.seconds.toFixed(0)} s`);
}, 600_000);

const run = (kind: 'mlp' | 'conv', scheme: string, slope = 0, initSlope = slope) =>
  r.signal.runs.find((x) => x.kind === kind && x.scheme === scheme && x.slope === slope && x.initSlope === initSlope)!;
const conv = (depth: number, scheme: string) => r.convergence.find((x) => x.depth === depth && x.scheme === scheme)!;

describe('he2015 theory (Sec. 2.2, Eq. 10, 14, 15)', () => {
  it("gains: sqrt(2) for ReLU, sqrt(2/(1+a^2)) for a leaky slope a, 1 for linear", () => {
    expect(rectifierGain(0)).toBe(Math.SQRT2);
    expect(rectifierGain(0.25)).toBeCloseTo(Math.sqrt(2 / 1.0625), 15);
    expect(rectifierGain(1)).toBe(1);
    expect(() => rectifierGain(Number.NaN)).toThrow('rectifierGain: slope must be a finite number, got NaN');
  });

  it('Xavier halves the variance at every square ReLU layer: std x 2^-1/2 per layer, 2^-14.5 over 30 layers', () => {
    const fans = plainFans(100, new Array(30).fill(100));
    const v = fans.map((f) => weightVariance('xavier', f));
    expect(v[0]).toBeCloseTo(0.01, 15);
    const { forward, backward } = varianceFactors(fans, v);
    for (let l = 1; l < 30; l++) {
      expect(forward[l]).toBeCloseTo(0.5, 15);
      expect(backward[l]).toBeCloseTo(0.5, 15);
    }
    const t = theoryStd(fans, v, { forwardFirst: 1, backwardLast: 1 });
    expect(t.forward[1]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(t.forward[29] / 2 ** -14.5).toBeCloseTo(1, 12);
    expect(t.backward[0] / 2 ** -14.5).toBeCloseTo(1, 12);
  });

  it('Kaiming fan-in keeps the forward variance, fan-out the backward one; the other direction is off by the width ratio only', () => {
    const widths = stageWidths(30, 8);
    expect(widths.slice(0, 10)).toEqual(new Array(10).fill(8));
    expect(widths.slice(10, 20)).toEqual(new Array(10).fill(16));
    expect(widths.slice(20)).toEqual(new Array(10).fill(32));
    const fans = plainFans(1, widths, 3);
    expect(fans[1]).toEqual({ fanIn: 72, fanOut: 72 });
    expect(fans[10]).toEqual({ fanIn: 72, fanOut: 144 });
    const fanIn = fans.map((f) => weightVariance('kaiming-fan-in', f));
    const fanOut = fans.map((f) => weightVariance('kaiming-fan-out', f));
    expect(fanIn[1]).toBeCloseTo(2 / 72, 15);
    const a = theoryStd(fans, fanIn, { forwardFirst: 3, backwardLast: 5 });
    for (const s of a.forward) expect(s).toBeCloseTo(3, 12);
    // Backward under fan-in: sqrt(fanOut/fanIn) = sqrt(2) at each of the two widening layers, so x2 in all.
    expect(a.backward[0]).toBeCloseTo(10, 12);
    const b = theoryStd(fans, fanOut, { forwardFirst: 3, backwardLast: 5 });
    for (const s of b.backward) expect(s).toBeCloseTo(5, 12);
    expect(b.forward[29]).toBeCloseTo(1.5, 12);
  });

  it('leaky ReLU a = 0.25: its own gain keeps the variance; the ReLU gain grows it by 1 + a^2 = 1.0625 per layer', () => {
    const fans = plainFans(64, new Array(30).fill(64));
    const own = fans.map((f) => weightVariance('kaiming-fan-in', f, 0.25));
    const relu = fans.map((f) => weightVariance('kaiming-fan-in', f, 0));
    for (const x of varianceFactors(fans, own, 0.25).forward) expect(x).toBeCloseTo(1, 15);
    for (const x of varianceFactors(fans, relu, 0.25).forward) expect(x).toBeCloseTo(1.0625, 15);
    const t = theoryStd(fans, relu, { forwardFirst: 1, backwardLast: 1 }, 0.25);
    expect(t.forward[29]).toBeCloseTo(1.0625 ** 14.5, 12);
    expect(t.forward[29]).toBeCloseTo(2.4086, 4);
  });

  it('rejects bad inputs with clear errors', () => {
    expect(() => weightVariance('lecun' as never, { fanIn: 1, fanOut: 1 })).toThrow("weightVariance: unknown scheme 'lecun'");
    expect(() => varianceFactors([{ fanIn: 1, fanOut: 1 }], [])).toThrow('varianceFactors: 0 variances for 1 layers');
    expect(() => stageWidths(0, 8)).toThrow('stageWidths: depth must be a positive integer, got 0');
  });
});

describe('he2015 at quick scale', () => {
  it('uses the quick configuration and the real t10k test digits', () => {
    expect(r.scale).toBe('quick');
    expect(r.config).toEqual(HE2015_SCALES.quick);
    expect(r.dataSource.test).toContain('t10k');
    expect(r.config.side).toBe(7);
    for (const c of r.convergence) expect(c.loss).toHaveLength(r.config.convergence.steps);
  });

  it('signal: at layer 30 Xavier has lost more than 1000x of the forward std; Kaiming fan-in keeps it within 2x', () => {
    for (const kind of ['mlp', 'conv'] as const) {
      const x = run(kind, 'xavier');
      const k = run(kind, 'kaiming-fan-in');
      console.log(kind, 'forward L/1: xavier', endToEnd(x).forward, 'kaiming', endToEnd(k).forward, 'backward 1/L fan-out', endToEnd(run(kind, 'kaiming-fan-out')).backward);
      expect(x.forwardStd).toHaveLength(30);
      expect(x.forwardStd[29]).toBeLessThan(1e-3 * x.forwardStd[0]);
      expect(x.backwardStd[0]).toBeLessThan(1e-3 * x.backwardStd[29]);
      // The theory: 2^-1/2 per square layer; at the two layers that widen 2x, Xavier's factor is
      // fan_in · 2/(fan_in + fan_out) / 2 = 1/3 forward (2/3 backward) instead of 1/2.
      expect(x.theoryForward[29] / x.theoryForward[0]).toBeCloseTo(2 ** -14.5 * (2 / 3), 12);
      expect(x.theoryBackward[0] / x.theoryBackward[29]).toBeCloseTo(2 ** -14.5 * (4 / 3), 12);
    }
    const k = run('mlp', 'kaiming-fan-in');
    expect(k.forwardStd[29]).toBeGreaterThan(k.forwardStd[0] / 2);
    expect(k.forwardStd[29]).toBeLessThan(k.forwardStd[0] * 2);
    const out = run('mlp', 'kaiming-fan-out');
    expect(out.backwardStd[0]).toBeGreaterThan(out.backwardStd[29] / 2);
    expect(out.backwardStd[0]).toBeLessThan(out.backwardStd[29] * 2);
    // The narrow conv stack (16 to 64 channels) drifts below the theory (a product of 30 random factors),
    // but polynomially, not like Xavier's 2^-14.5.
    const kc = run('conv', 'kaiming-fan-in');
    expect(kc.forwardStd[29]).toBeGreaterThan(0.05 * kc.forwardStd[0]);
    expect(kc.forwardStd[29]).toBeGreaterThan(1000 * run('conv', 'xavier').forwardStd[29]);
  });

  it("signal: leaky ReLU a = 0.25 keeps its variance with its own gain and grows with ReLU's", () => {
    const own = run('mlp', 'kaiming-fan-in', 0.25, 0.25);
    const relu = run('mlp', 'kaiming-fan-in', 0.25, 0);
    expect(own.theoryForward[29] / own.theoryForward[0]).toBeCloseTo(1, 12);
    expect(relu.theoryForward[29] / relu.theoryForward[0]).toBeCloseTo(1.0625 ** 14.5, 9);
    expect(endToEnd(own).forward).toBeGreaterThan(0.5);
    expect(endToEnd(own).forward).toBeLessThan(2);
    expect(endToEnd(relu).forward / endToEnd(own).forward).toBeGreaterThan(1.0625 ** 14.5 / 1.5);
    expect(endToEnd(relu).forward / endToEnd(own).forward).toBeLessThan(1.0625 ** 14.5 * 1.5);
  });

  it("convergence: at 30 layers Xavier's loss stays near ln 10 while Kaiming's falls below 2.0", () => {
    for (const c of r.convergence) console.log(`${c.depth} ${c.scheme}: final ${c.finalLoss.toFixed(3)}, best ${c.bestLoss.toFixed(3)}, steps`, c.stepsToError, `test error ${c.testError}`);
    const x30 = conv(30, 'xavier');
    const k30 = conv(30, 'kaiming-fan-in');
    expect(Math.min(...x30.loss)).toBeGreaterThan(2.0);
    expect(Math.abs(x30.finalLoss - Math.log(10))).toBeLessThan(0.05);
    expect(k30.bestLoss).toBeLessThan(2.0);
    expect(k30.stepsToError['0.8']).not.toBeNull();
    expect(x30.stepsToError['0.8']).toBeNull();
    // At 22 layers Kaiming is first to reduce the error as well.
    const k22 = conv(22, 'kaiming-fan-in');
    const x22 = conv(22, 'xavier');
    expect(k22.stepsToError['0.8']).not.toBeNull();
    expect(k22.stepsToError['0.8']!).toBeLessThan(x22.stepsToError['0.8'] ?? Infinity);
  });

  it("PReLU: the first layer's learned slope is larger than the deeper layers' mean; slopes get no weight decay", () => {
    for (const p of r.prelu) console.log(p.variant, p.testError, p.meanSlopes);
    expect(r.prelu.map((p) => p.variant)).toEqual(['relu', 'prelu-shared', 'prelu-channel']);
    expect(r.prelu[0].slopes).toEqual([]);
    const shared = r.prelu[1];
    const channel = r.prelu[2];
    expect(shared.slopes.map((s) => s.length)).toEqual([1, 1, 1, 1]);
    expect(channel.slopes.map((s) => s.length)).toEqual([8, 8, 8, 8]);
    for (const p of [shared, channel]) {
      const f = firstVersusDeeper(p);
      expect(f.first).toBeGreaterThan(f.deeper);
    }
    for (const p of r.prelu) expect(p.testError).toBeLessThan(0.3);
  });

  it('the report carries the scale and the numbers, and renders its charts', async () => {
    const md = he2015Markdown(r, {});
    expect(md).toContain('Scale: **quick**');
    expect(md).toContain('| 0.25 | 1.3720 |');
    expect(md).toContain(`| 30 | xavier |`);
    const charts = he2015Charts(r);
    expect(Object.keys(charts)).toEqual([
      'he2015-signal-mlp-forward.svg', 'he2015-signal-mlp-backward.svg', 'he2015-signal-conv-forward.svg', 'he2015-signal-conv-backward.svg',
      'he2015-signal-leaky.svg', 'he2015-loss-22.svg', 'he2015-loss-30.svg', 'he2015-error.svg', 'he2015-prelu-slopes.svg', 'he2015-prelu-loss.svg',
    ]);
    const svg = await charts['he2015-signal-mlp-forward.svg'].toSVG();
    expect(svg.startsWith('<svg')).toBe(true);
  });
});

describe('he2015 configuration and CLI', () => {
  it('is registered with `poise reproduce` and runs by default', () => {
    const cmd = STUDY_COMMANDS.find((s) => s.name === 'he2015');
    expect(cmd?.runByDefault).toBe(true);
  });

  it('full scale trains on the whole training split, for longer', () => {
    expect(HE2015_SCALES.full.trainLimit).toBeUndefined();
    expect(HE2015_SCALES.full.convergence.steps).toBeGreaterThan(HE2015_SCALES.quick.convergence.steps);
  });

  it('rejects a bad scale', async () => {
    await expect(runHe2015({ scale: 'medium' as never })).rejects.toThrow("he2015: scale must be 'quick' or 'full', got 'medium'");
  });
});

describe('he2015 helpers', () => {
  it('pads circularly, so a 3x3 conv sees a full window at every position', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    expect(circularPad(x, 1).tolist()).toEqual([[[[9, 7, 8, 9, 7], [3, 1, 2, 3, 1], [6, 4, 5, 6, 4], [9, 7, 8, 9, 7], [3, 1, 2, 3, 1]]]]);
    const g = new Generator().manualSeed(1);
    const layer = new CircularConv2d(2, 3, 3, { generator: g });
    const input = randn([2, 2, 5, 5], { generator: g });
    expect(layer.forward(input).shape).toEqual([2, 3, 5, 5]);
    expect(layer.forward(input).sub(conv2d(circularPad(input, 1), layer.weight, layer.bias)).abs().max().item()).toBe(0);
    expect(() => new CircularConv2d(2, 3, 2)).toThrow('CircularConv2d: kernelSize must be an odd positive integer, got 2');
  });

  it('finds the first step at which a running mean reaches a threshold', () => {
    const e = Float32Array.from([0.9, 0.9, 0.7, 0.5, 0.5, 0.4]);
    expect(firstStepBelow(e, 0.8, 1)).toBe(2);
    expect(firstStepBelow(e, 0.6, 2)).toBe(3);
    expect(firstStepBelow(e, 0.1, 2)).toBeNull();
  });
});
