import { describe, expect, it } from 'vitest';
import { runMlpDemo } from '../src';
import { parseArgs } from '../src/cli';

describe('mlp-demo', () => {
  it('fits the spiral: loss falls from ln 3 to below 0.35 and accuracy passes 85%', () => {
    const r = runMlpDemo();
    expect(Math.abs(r.initialLoss - Math.log(3))).toBeLessThan(0.02);
    expect(r.finalLoss).toBeLessThan(0.35);
    expect(r.accuracy).toBeGreaterThan(0.85);
    // Loss goes down overall: the last tenth averages well below the first tenth.
    const tenth = Math.floor(r.losses.length / 10);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(r.losses.slice(-tenth))).toBeLessThan(avg(r.losses.slice(0, tenth)) / 2);
  });
  it('is reproducible for a seed', () => {
    expect(runMlpDemo({ steps: 20 }).losses).toEqual(runMlpDemo({ steps: 20 }).losses);
  });
  it('names bad command-line input', () => {
    expect(() => parseArgs(['reproduce', 'nope'])).toThrow(/unknown study 'nope'/);
    expect(() => parseArgs(['reproduce', '--scale', 'huge'])).toThrow(/--scale must be quick or full/);
    expect(() => parseArgs(["reproduce", "makemore", "--variant", "nope"])).toThrow(/unknown variant .nope./);
    expect(() => parseArgs(["reproduce", "--variant", "kaiming"])).toThrow(/--variant applies to one study/);
  });
});
