/**
 * The distribution of one unit's input over training as {15, 50, 85}th percentiles: Ioffe & Szegedy's
 * Figure 1(b, c). Without batch normalization the band drifts and changes width as the layers below
 * learn (internal covariate shift); with it the band stays put. One panel per series by default, as in
 * the paper, with a shared y axis so the two can be compared by eye.
 */
import { makeChart, type Chart } from '../chart';
import { topLevel, type AxisOptions } from '../spec';
import { compact, toNumbers, type Values } from '../values';

/** The percentiles of one series (e.g. "without BN", "with BN") at each step. */
export interface PercentileSeries {
  name: string;
  p15: Values;
  p50: Values;
  p85: Values;
}

export interface PercentileBandsOptions extends AxisOptions {
  /** `'panels'` (default): one panel per series, as in the paper. `'overlay'`: one colour per series. */
  layout?: 'panels' | 'overlay';
  /** For panels: share the y axis (default true) or give each panel its own. */
  sharedY?: boolean;
}

/** The median as a line inside a 15th-85th percentile band, per series, over `steps`. */
export function percentileBands(steps: Values, series: PercentileSeries[], options: PercentileBandsOptions = {}): Chart {
  const { layout = 'panels', sharedY = true } = options;
  const x = toNumbers(steps);
  const names = series.map((s) => s.name);
  const rows = series.flatMap((s) => {
    const [p15, p50, p85] = [toNumbers(s.p15), toNumbers(s.p50), toNumbers(s.p85)];
    for (const [label, a] of [['p15', p15], ['p50', p50], ['p85', p85]] as const) {
      if (a.length !== x.length) {
        throw new RangeError(`percentileBands: series '${s.name}' has ${a.length} ${label} values for ${x.length} steps`);
      }
    }
    const out = [];
    for (let i = 0; i < x.length; i++) {
      if (![x[i], p15[i], p50[i], p85[i]].every(Number.isFinite)) continue;
      out.push({ series: s.name, step: compact(x[i]), p15: compact(p15[i]), p50: compact(p50[i]), p85: compact(p85[i]) });
    }
    return out;
  });
  const title = options.title ?? 'Input distribution over training: 15th, 50th, 85th percentiles';
  const xEnc = { field: 'step', type: 'quantitative', title: options.xLabel ?? 'step' };
  const yTitle = options.yLabel ?? 'value';
  const color = { field: 'series', type: 'nominal', sort: names, title: null };
  const band = (overlay: boolean) => ({
    mark: { type: 'area', opacity: 0.3, ...(overlay ? {} : { color: '#4c78a8' }) },
    encoding: {
      x: xEnc,
      y: { field: 'p15', type: 'quantitative', title: yTitle, scale: { zero: false } },
      y2: { field: 'p85' },
      ...(overlay ? { color } : {}),
    },
  });
  const median = (overlay: boolean) => ({
    mark: { type: 'line', strokeWidth: 1.5, ...(overlay ? {} : { color: '#1f4e79' }) },
    encoding: {
      x: xEnc,
      y: { field: 'p50', type: 'quantitative', title: yTitle },
      ...(overlay ? { color } : {}),
    },
  });
  const width = options.width ?? (layout === 'panels' ? 320 : 640);
  const height = options.height ?? 240;
  if (layout === 'overlay') {
    const spec = topLevel({ data: { values: rows }, layer: [band(true), median(true)] }, title, { width, height });
    return makeChart('percentile-bands', title, spec);
  }
  const spec = topLevel(
    {
      data: { values: rows },
      columns: Math.min(3, Math.max(1, series.length)),
      facet: { field: 'series', type: 'nominal', sort: names, title: null },
      spec: { width, height, layer: [band(false), median(false)] },
      ...(sharedY ? {} : { resolve: { scale: { y: 'independent' } } }),
    },
    title,
    {},
  );
  return makeChart('percentile-bands', title, spec);
}
