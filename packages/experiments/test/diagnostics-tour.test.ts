import { describe, expect, it } from 'vitest';
import { makemore as buildMakemore, namesSync } from '@poise/datasets';
import { TOUR_SCHEMES, runDiagnosticsTour } from '../src';

const data = buildMakemore(namesSync({ quiet: true }).words, { blockSize: 3, seed: 42 });
const tour = runDiagnosticsTour(data, { steps: 300 });
const lastTanh = (scheme: (typeof TOUR_SCHEMES)[number]) => {
  const rows = tour.run(scheme).report.rows.filter((r) => r.type === 'Tanh');
  return rows[rows.length - 1];
};

describe('the diagnostics tour (300 steps of each scheme)', () => {
  it('runs every scheme with the configured schedule', () => {
    expect(tour.runs.map((r) => r.scheme)).toEqual([...TOUR_SCHEMES]);
    expect(tour.config).toMatchObject({ steps: 300, decayAt: 300, every: 3, depth: 5, nHidden: 100 });
    for (const r of tour.runs) {
      expect(r.losses).toHaveLength(300);
      expect(r.atInit.layers.filter((l) => l.type === 'Tanh')).toHaveLength(5);
    }
  });

  it('at step 0, randn saturates every tanh layer and kaiming does not', () => {
    const sat = (s: (typeof TOUR_SCHEMES)[number]) => tour.run(s).atInit.layers.filter((l) => l.type === 'Tanh').map((l) => l.saturation);
    console.log('step-0 saturation', Object.fromEntries(TOUR_SCHEMES.map((s) => [s, sat(s).map((x) => x.toFixed(3))])));
    for (const s of sat('randn')) expect(s).toBeGreaterThan(0.5);
    for (const s of sat('kaiming')) expect(s).toBeLessThan(0.2);
    for (const s of sat('kaiming + batchnorm')) expect(s).toBeLessThan(0.01);
  });

  it('after training, randn\'s last tanh layer is reported saturated and kaiming + batchnorm\'s is ok', () => {
    const bad = lastTanh('randn');
    const good = lastTanh('kaiming + batchnorm');
    console.log('last tanh', bad.label, bad.saturation, bad.verdict, '|', good.label, good.saturation, good.verdict);
    expect(bad.issues.map((i) => i.code)).toContain('saturated');
    expect(bad.status).toBe('problem');
    expect(bad.saturation!).toBeGreaterThan(0.5);
    expect(good.issues.map((i) => i.code)).not.toContain('saturated');
    expect(good.saturation!).toBeLessThan(0.1);
  });

  it('losses fall for every scheme', () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const r of tour.runs) {
      const first = mean(r.losses.slice(0, 20));
      const last = mean(r.losses.slice(-20));
      console.log(`${r.scheme}: loss ${r.losses[0].toFixed(4)} -> mean of last 20 ${last.toFixed(4)}; val ${r.val.toFixed(4)}; ${r.report.problems}/${r.report.warnings}`);
      expect(last).toBeLessThan(first);
      expect(r.val).toBeLessThan(r.losses[0]);
    }
    // the lecture's starts: near -ln(1/27) = 3.30 for the well-scaled schemes
    expect(tour.run('kaiming').losses[0]).toBeGreaterThan(3.1);
    expect(tour.run('kaiming').losses[0]).toBeLessThan(3.5);
  });
});
