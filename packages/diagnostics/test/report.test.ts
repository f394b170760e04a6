import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Generator, noGrad, randn } from '@poise/tensor';
import { Linear, SGD, Sequential, Tanh, mse } from '@poise/nn';
import {
  SATURATION_PROBLEM,
  SATURATION_WARNING,
  UPDATE_RATIO_TARGET_LOG10,
  formatNumber,
  report,
  watch,
  type Recorder,
} from '../src';

/** A Linear-Tanh-Linear net whose first layer's weights are multiplied by `scale`, after one SGD step. */
function oneStep(scale: number, lr = 0.1, seed = 0): { rec: Recorder; model: Sequential } {
  const g = new Generator().manualSeed(seed);
  const model = new Sequential(new Linear(10, 50, { generator: g }), new Tanh(), new Linear(50, 3, { generator: g }));
  noGrad(() => (model.at(0) as Linear).weight.mul_(scale));
  const rec = watch(model);
  const opt = new SGD(model.parameters(), { lr });
  const loss = mse(model.forward(randn([64, 10], { generator: g })), randn([64, 3], { generator: g }));
  opt.zeroGrad();
  loss.backward();
  opt.step();
  rec.step(opt);
  return { rec, model };
}

describe('report', () => {
  it('has a row per watched layer with the numbers, and a verdict in words', () => {
    const r = report(oneStep(30).rec);
    expect(r.step).toBe(0);
    expect(r.rows.map((row) => row.label)).toEqual(['0 (Linear)', '1 (Tanh)', '2 (Linear)']);
    const tanh = r.row('1');
    expect(tanh.saturation).toBeGreaterThan(SATURATION_PROBLEM);
    expect(tanh.status).toBe('problem');
    expect(tanh.verdict).toMatch(/^saturated \(\d+\.\d% > 25%\)/);
    expect(tanh.p50).not.toBeNull();
    expect(tanh.percentileUnit).toBe('pooled');
    expect(tanh.units).toBe(50);
    const lin = r.row('0 (Linear)');
    expect(lin.weight).toBe('0.weight');
    expect(lin.gradToData).toBeGreaterThan(0);
    expect(lin.log10UpdateRatio).not.toBeNull();
    expect(lin.saturation).toBeNull();
    expect(r.status).toBe('problem');
    expect(r.problems).toBeGreaterThanOrEqual(1);
  });

  it('says ok for a well-scaled layer, and flags update ratios far from 1e-3', () => {
    const calm = report(oneStep(1, 1e-3).rec);
    expect(calm.row('1').verdict).toBe('ok');
    const ratio = calm.row('0').log10UpdateRatio!;
    expect(ratio).toBeLessThan(UPDATE_RATIO_TARGET_LOG10 - 1);
    expect(calm.row('0').issues.map((i) => i.code)).toEqual(['update-too-small']);
    expect(calm.row('0').verdict).toBe(`update ratio far from 1e-3 (10^${ratio.toFixed(1)})`);
    const hot = report(oneStep(1, 50).rec);
    expect(hot.row('0').issues.map((i) => i.code)).toContain('update-too-large');
  });

  it('warns when the parameters did not move (recorder.step() called before opt.step())', () => {
    const g = new Generator().manualSeed(1);
    const model = new Sequential(new Linear(4, 4, { generator: g }), new Tanh());
    const rec = watch(model);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const loss = model.forward(randn([8, 4], { generator: g })).pow(2).mean();
    loss.backward();
    rec.step(opt); // too early
    opt.step();
    expect(report(rec).row('0').issues.map((i) => i.code)).toEqual(['no-update']);
  });

  it('flags non-finite outputs and gradients', () => {
    const g = new Generator().manualSeed(2);
    const model = new Sequential(new Linear(4, 4, { generator: g }), new Tanh());
    noGrad(() => (model.at(0) as Linear).weight.fill_(NaN));
    const rec = watch(model);
    model.forward(randn([8, 4], { generator: g })).sum().backward();
    const row = report(rec).row('0');
    expect(row.issues[0].code).toBe('non-finite');
    expect(row.verdict).toBe('non-finite outputs and gradients');
  });

  it('prints an aligned table, Markdown and HTML', () => {
    const r = report(oneStep(30).rec);
    const text = r.toString();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Diagnostics at step 0: 3 layers, 1 with problems/);
    const header = lines[2];
    const at = header.indexOf('verdict');
    expect(header.startsWith('layer')).toBe(true);
    for (const line of lines.slice(4, 7)) expect(line.slice(at)).toMatch(/^(ok|saturated|update|dead)/);
    expect(lines[3].replace(/[- ]/g, '')).toBe('');
    expect(text).toContain('1 (Tanh): problem:');
    expect(inspect(r)).toBe(text); // console.log(report) prints the table
    const md = r.toMarkdown();
    expect(md.split('\n')[2]).toBe('| layer | mean | std | saturated | dead | pre-act p15/p50/p85 | grad std | weight grad:data | log10 update:data | verdict |');
    expect(md.split('\n')[3]).toBe('|:---|---:|---:|---:|---:|---:|---:|---:|---:|:---|');
    expect(md).toContain('| 1 (Tanh) |');
    const html = r.toHTML();
    expect(html).toMatch(/^<div class="poise-report">/);
    expect(html).toContain('<th style="padding:2px 8px;border-bottom:1px solid #ddd;text-align:left">layer</th>');
    expect(html).toContain('color:#cf222e'); // the problem row in red
    expect((html.match(/<tr>/g) ?? []).length).toBe(4);
  });

  it('reports a chosen step, and says when nothing was recorded', () => {
    const { rec } = oneStep(1);
    expect(() => report(rec, { step: 5 })).toThrow('report: step 5 was not recorded; recorded steps: 0');
    const empty = report(watch(new Sequential(new Tanh())));
    expect(empty.rows).toEqual([]);
    expect(empty.toString()).toBe('Diagnostics: nothing recorded yet (run a forward and backward pass while watching)');
  });

  it('formats numbers for tables', () => {
    expect([0.71234, -0.0213, 12.345, 4.3e-5, 123456, 0, null, NaN, Infinity].map((x) => formatNumber(x))).toEqual([
      '0.712', '-0.0213', '12.3', '4.3e-5', '1.2e5', '0', '', 'nan', 'inf',
    ]);
    expect(SATURATION_WARNING).toBe(0.05);
  });
});
