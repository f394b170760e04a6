import { describe, expect, it } from 'vitest';
import { describeTarget, fmtRatio, fmtTime, judge, median, pairedRatio, relativeSpread, timeRatio } from '../src/stats';
import { finishRow, renderTable } from '../src/table';
import { parseArgs } from '../src/cli';

describe('stats', () => {
  it('median of odd and even counts, NaN for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('ratios are poise time over peer time, paired per round', () => {
    expect(timeRatio(1, 4)).toBe(0.25);
    expect(timeRatio(undefined, 4)).toBeNaN();
    // Round 2 ran under load for both: the paired median ignores it, as it should.
    expect(pairedRatio([1, 10, 1.2], [2, 20, 2])).toBeCloseTo(0.5);
    expect(relativeSpread([1, 1, 1])).toBe(0);
  });

  it('judges ratio and peak targets', () => {
    expect(judge({ kind: 'ratio', peer: 'torch', max: 0.33 }, { torch: 0.3 })).toBe('met');
    expect(judge({ kind: 'ratio', peer: 'torch', max: 0.33 }, { torch: 0.34 })).toBe('missed');
    expect(judge({ kind: 'ratio', peer: 'tfjs', max: 0.67 }, { torch: 0.1 })).toBe('n/a');
    expect(judge({ kind: 'peak', min: 0.4 }, {}, 0.6)).toBe('met');
    expect(judge({ kind: 'peak', min: 0.4 }, {}, 0.2)).toBe('missed');
    expect(describeTarget({ kind: 'peak', min: 0.4 })).toBe('>= 40% of peak');
  });

  it('formats times and ratios', () => {
    expect(fmtTime(2.5e-6)).toBe('2.5 us');
    expect(fmtTime(0.00123)).toBe('1.23 ms');
    expect(fmtTime(undefined)).toBe('-');
    expect(fmtRatio(0.333)).toBe('0.33x');
  });
});

describe('table', () => {
  it('prints medians, ratios, GFLOP/s and verdicts', () => {
    const row = finishRow({
      id: 'matmul-512', title: 'matmul 512x512x512', median: { poise: 0.01, torch: 0.005, tfjs: 0.02 }, spread: {}, samples: {},
      ratio: { torch: 2, tfjs: 0.5 }, flops: 2 * 512 ** 3, gflops: { poise: 26.8, torch: 53.7, tfjs: 13.4 }, peakFraction: 0.52,
      targets: [{ kind: 'peak', min: 0.4 }], rss: {},
    });
    const row2 = finishRow({
      id: 'makemore-bn', title: 'makemore batch-norm step', median: { poise: 0.0005 }, spread: {}, samples: {}, ratio: {},
      targets: [{ kind: 'ratio', peer: 'torch', max: 0.33 }], rss: {},
    });
    const t = renderTable([row, row2]);
    const lines = t.split('\n');
    expect(lines[0]).toMatch(/^workload\s+poise\s+torch\s+tfjs\s+poise\/torch\s+poise\/tfjs/);
    expect(lines[2]).toContain('2.00x');
    expect(lines[2]).toContain('0.50x');
    expect(lines[2]).toContain('26.8 | 53.7 | 13.4 (52% pk)');
    expect(lines[2]).toMatch(/>= 40% of peak\s+met$/);
    expect(lines[3]).toMatch(/<= 0\.33x torch\s+n\/a$/); // torch skipped: no verdict, not a pass
  });
});

describe('cli arguments', () => {
  it('parses flags', () => {
    const o = parseArgs(['--quick', '--only', 'makemore,mlp', '--no-torch', '--backend', 'js']);
    expect(o).toMatchObject({ quick: true, only: ['makemore', 'mlp'], torch: false, tfjs: true, backend: 'js' });
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown argument/);
  });
});
