/**
 * The histogram of a tensor's values: the seeds' `plt.hist(h.view(-1).tolist(), 50)`, the first look at
 * whether a layer's pre-activations are well scaled or its tanh outputs pile up at ±1.
 */
import { binRows, binValues } from '../bin';
import { makeChart, type Chart } from '../chart';
import { topLevel, type AxisOptions } from '../spec';
import { toNumbers, type Values } from '../values';

export interface HistogramOptions extends AxisOptions {
  /** Number of equal-width bins over [min, max], as in `plt.hist(x, bins)`. Default 50. */
  bins?: number;
  /** Bin over this range instead of the data's [min, max]; values outside it are left out. */
  range?: [number, number];
  /** Plot the probability density (area 1) instead of counts, like `density=True`. Default false. */
  density?: boolean;
  /** Bar colour. */
  color?: string;
}

/** Bars of a histogram of every value of `values` (a tensor is flattened, like `h.view(-1)`). */
export function histogram(values: Values, options: HistogramOptions = {}): Chart {
  const { bins = 50, density = false, width = 480, height = 240 } = options;
  const b = binValues(toNumbers(values), bins, options.range);
  const title = options.title ?? `Histogram (${b.total} values, ${bins} bins)`;
  const y = density ? 'density' : 'count';
  const spec = topLevel(
    {
      data: { values: binRows(b) },
      mark: { type: 'bar', color: options.color ?? '#4c78a8' },
      encoding: {
        // 'binned' tells Vega-Lite that x0..x1 is a bin, so bars stand vertically on the x axis.
        x: { field: 'x0', type: 'quantitative', bin: 'binned', title: options.xLabel ?? 'value', axis: { tickCount: 8 } },
        x2: { field: 'x1' },
        y: { field: y, type: 'quantitative', title: options.yLabel ?? y },
      },
    },
    title,
    { width, height },
  );
  return makeChart('histogram', title, spec);
}
