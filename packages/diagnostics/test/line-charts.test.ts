import { describe, expect, it } from 'vitest';
import { tensor } from '@poise/tensor';
import { lineChart, lossCurves, signalStdChart, updateRatioCurves } from '../src';
import { allText, markItems, parseSVG, symbols, titleText, type Element } from './svg';

type Rows = { values: { series: string; x: number; y: number }[] };
const lineData = (spec: Record<string, unknown>): Rows['values'] => ((spec.layer as { data: Rows }[])[0].data.values);
const linePaths = (svg: Element) => symbols(svg, 'line mark');

describe('lineChart', () => {
  it('draws one line per series, in order, with titles and labels', async () => {
    const chart = lineChart(
      [
        { name: 'a', x: [0, 1, 2], y: [1, 2, 3] },
        { name: 'b', y: tensor([3, 2, 1]) },
        { name: 'c', x: new Float64Array([0, 2]), y: [2, 2] },
      ],
      { title: 'three lines', xLabel: 'iteration', yLabel: 'metric', width: 400, height: 200 },
    );
    expect(chart.kind).toBe('line');
    expect(chart.spec.width).toBe(400);
    const svg = parseSVG(await chart.toSVG());
    expect(linePaths(svg)).toHaveLength(3);
    expect(markItems(svg, 'line').map((items) => items.length)).toEqual([1, 1, 1]);
    expect(markItems(svg, 'rule')).toHaveLength(0);
    expect(titleText(svg)).toBe('three lines');
    expect(allText(svg)).toEqual(expect.arrayContaining(['iteration', 'metric', 'a', 'b', 'c']));
    // b had no x: it is plotted at 0, 1, 2.
    expect(lineData(chart.spec).filter((r) => r.series === 'b').map((r) => r.x)).toEqual([0, 1, 2]);
  });

  it('draws a labelled horizontal guide', async () => {
    const chart = lineChart([{ name: 'a', y: [0, 1] }], { guide: { y: 0.5, label: 'half' } });
    const svg = parseSVG(await chart.toSVG());
    const rules = symbols(svg, 'rule mark');
    expect(rules).toHaveLength(1);
    expect(rules[0].attrs['aria-label']).toBe('y: 0.5');
    expect(symbols(svg, 'text mark').map((t) => t.text)).toEqual(['half']);
  });

  it('leaves out points a log axis cannot show, and non-finite points', () => {
    const chart = lineChart([{ name: 'a', y: [1, 0, -1, NaN, 10] }], { logY: true });
    expect(lineData(chart.spec).map((r) => r.y)).toEqual([1, 10]);
  });

  it('rejects x and y of different lengths', () => {
    expect(() => lineChart([{ name: 'a', x: [0, 1], y: [1, 2, 3] }])).toThrow("series 'a' has 2 x values and 3 y values");
  });
});

describe('lossCurves', () => {
  it('takes one curve and averages windows of steps', async () => {
    const loss = Array.from({ length: 10 }, (_, i) => i);
    const chart = lossCurves(loss, { window: 4 });
    expect(chart.kind).toBe('loss-curves');
    expect(chart.title).toBe('Loss (mean of every 4 steps)');
    // windows [0..3], [4..7], [8..9]: means at the mean step
    expect(lineData(chart.spec).map((r) => [r.x, r.y])).toEqual([[1.5, 1.5], [5.5, 5.5], [8.5, 8.5]]);
    const svg = parseSVG(await chart.toSVG());
    expect(linePaths(svg)).toHaveLength(1);
    expect(allText(svg)).toEqual(expect.arrayContaining(['step', 'loss']));
  });

  it('draws train and validation curves', async () => {
    const chart = lossCurves([
      { name: 'train', y: [3, 2.5, 2.2, 2.1] },
      { name: 'val', x: [0, 3], y: [3.1, 2.3] },
    ]);
    const svg = parseSVG(await chart.toSVG());
    expect(linePaths(svg)).toHaveLength(2);
    expect(allText(svg)).toEqual(expect.arrayContaining(['train', 'val']));
  });
});

describe('updateRatioCurves', () => {
  it('plots log10 of the ratio per parameter with a guide at -3 labelled 1e-3', async () => {
    const chart = updateRatioCurves([
      { name: 'W1', ratio: [1e-2, 1e-3, 1e-4] },
      { name: 'W2', log10Ratio: [-2.5, -3, -3.5] },
    ]);
    expect(chart.kind).toBe('update-ratio-curves');
    const rows = lineData(chart.spec);
    expect(rows.filter((r) => r.series === 'W1').map((r) => r.y)).toEqual([-2, -3, -4]);
    const svg = parseSVG(await chart.toSVG());
    expect(linePaths(svg)).toHaveLength(2);
    const rules = symbols(svg, 'rule mark');
    expect(rules).toHaveLength(1);
    expect(rules[0].attrs['aria-label']).toBe('y: −3');
    expect(symbols(svg, 'text mark').map((t) => t.text)).toEqual(['1e-3']);
    expect(titleText(svg)).toBe('Update:data ratio (log10)');
  });

  it('can leave the guide out', async () => {
    const svg = parseSVG(await updateRatioCurves([{ name: 'W1', ratio: [1e-3] }], { guide: null }).toSVG());
    expect(symbols(svg, 'rule mark')).toHaveLength(0);
  });
});

describe('signalStdChart', () => {
  it('draws measured schemes solid and theory dashed, on a log axis', async () => {
    const chart = signalStdChart([1, 2, 3, 4], {
      series: [
        { name: 'std 1', std: [1, 0.5, 0.25, 0.125] },
        { name: 'Kaiming', std: tensor([1, 1.02, 0.98, 1.01]) },
      ],
      theory: [{ name: 'std 1', std: [1, 0.5, 0.25, 0.125] }],
    });
    expect(chart.kind).toBe('signal-std');
    expect(chart.title).toBe('Signal std per layer (dashed: theory)');
    const svg = parseSVG(await chart.toSVG());
    const paths = linePaths(svg);
    expect(paths).toHaveLength(3);
    expect(paths.map((p) => p.attrs['stroke-dasharray'])).toEqual(['1,0', '1,0', '6,4']);
    // The theory line takes the colour of the measured series of the same name.
    expect(paths[2].attrs.stroke).toBe(paths[0].attrs.stroke);
    expect(paths[1].attrs.stroke).not.toBe(paths[0].attrs.stroke);
    expect(allText(svg)).toEqual(expect.arrayContaining(['layer', 'std', 'std 1', 'Kaiming']));
    // Whole-number ticks only on the layer axis.
    const xLabels = allText(svg).filter((t) => /^\d+(\.\d+)?$/.test(t));
    expect(xLabels).toEqual(expect.arrayContaining(['1', '2', '3', '4']));
    expect(xLabels).not.toContain('1.5');
  });

  it('rejects a series whose length differs from the layers', () => {
    expect(() => signalStdChart([1, 2], { series: [{ name: 'x', std: [1] }] })).toThrow("series 'x' has 1 values for 2 layers");
  });
});
