/**
 * Histograms of several series at once, one per layer: Karpathy's "activation distribution" plot
 * (makemore part 3), where each layer's histogram is a density line so a dozen layers fit in one chart
 * and a layer whose distribution shrinks or saturates stands out against the others.
 */
import { binRows, binValues } from '../bin';
import { makeChart, type Chart } from '../chart';
import { topLevel, type AxisOptions } from '../spec';
import { toNumbers, type Values } from '../values';

/** One named series of values, typically one layer's activations or gradients. */
export interface NamedValues {
  name: string;
  values: Values;
}

export interface HistogramsOptions extends AxisOptions {
  /** Bins per series, over that series' own [min, max]. Default 50. */
  bins?: number;
  /**
   * `'overlay'` (default): one density line per series in one chart, Karpathy's plot.
   * `'facet'`: one bar histogram per series, in a grid of panels with shared axes.
   */
  layout?: 'overlay' | 'facet';
  /** Panels per row for `layout: 'facet'`. Default: up to 4. */
  columns?: number;
}

/** Defaults that differ between activation and gradient histograms. */
export interface HistogramsDefaults {
  kind: string;
  title: string;
  xLabel: string;
}

/** Density lines (or faceted bars) of each series' histogram, one colour (or panel) per series. */
export function histograms(series: NamedValues[], options: HistogramsOptions = {}): Chart {
  return buildHistograms(series, options, { kind: 'histograms', title: 'Activation distribution', xLabel: 'activation' });
}

/** The shared implementation of `histograms` and `gradientHistograms`. */
export function buildHistograms(series: NamedValues[], options: HistogramsOptions, defaults: HistogramsDefaults): Chart {
  const { bins = 50, layout = 'overlay' } = options;
  const names = series.map((s) => s.name);
  const rows = series.flatMap((s) =>
    binRows(binValues(toNumbers(s.values), bins)).map((r) => ({ series: s.name, ...r, x: (r.x0 + r.x1) / 2 })),
  );
  const title = options.title ?? defaults.title;
  const xLabel = options.xLabel ?? defaults.xLabel;
  if (layout === 'facet') {
    const y = 'count';
    const spec = topLevel(
      {
        data: { values: rows },
        columns: options.columns ?? Math.min(4, Math.max(1, series.length)),
        facet: { field: 'series', type: 'nominal', sort: names, title: null },
        spec: {
          width: options.width ?? 240,
          height: options.height ?? 160,
          mark: { type: 'bar', color: '#4c78a8' },
          encoding: {
            x: { field: 'x0', type: 'quantitative', bin: 'binned', title: xLabel, axis: { tickCount: 6 } },
            x2: { field: 'x1' },
            y: { field: y, type: 'quantitative', title: options.yLabel ?? y },
          },
        },
      },
      title,
      {},
    );
    return makeChart(defaults.kind, title, spec);
  }
  const spec = topLevel(
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1.5, interpolate: 'monotone' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xLabel },
        y: { field: 'density', type: 'quantitative', title: options.yLabel ?? 'density' },
        color: { field: 'series', type: 'nominal', sort: names, title: null },
      },
    },
    title,
    { width: options.width ?? 640, height: options.height ?? 280 },
  );
  return makeChart(defaults.kind, title, spec);
}
