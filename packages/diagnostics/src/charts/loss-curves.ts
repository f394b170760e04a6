/**
 * Training (and validation) loss over steps. Minibatch losses are noisy, so like the seeds'
 * `plt.plot(torch.tensor(lossi).view(-1, 1000).mean(1))` this can average each window of steps first;
 * the trend, and the kink when the learning rate decays, then show.
 */
import type { Chart } from '../chart';
import { isTensor, toNumbers, type Values } from '../values';
import { lineChart, type LineChartOptions, type LineSeries } from './line-chart';

/** One loss curve; `x` defaults to the step index. */
export interface LossSeries {
  name: string;
  y: Values;
  x?: Values;
}

export interface LossCurvesOptions extends LineChartOptions {
  /** Average each run of `window` consecutive steps into one point (a last partial run too). Default 1. */
  window?: number;
}

/** Means of consecutive windows of `window` values, at the mean of their x positions. */
function windowMeans(x: ArrayLike<number>, y: ArrayLike<number>, window: number): { x: number[]; y: number[] } {
  const out = { x: [] as number[], y: [] as number[] };
  for (let start = 0; start < y.length; start += window) {
    const end = Math.min(y.length, start + window);
    let sx = 0;
    let sy = 0;
    for (let i = start; i < end; i++) {
      sx += x[i];
      sy += y[i];
    }
    out.x.push(sx / (end - start));
    out.y.push(sy / (end - start));
  }
  return out;
}

/**
 * Loss curves: `lossCurves(lossi)` for one curve, or `lossCurves([{ name: 'train', y }, { name: 'val', y, x }])`.
 */
export function lossCurves(series: LossSeries[] | Values, options: LossCurvesOptions = {}): Chart {
  const { window = 1 } = options;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`lossCurves: window must be a positive integer, got ${window}`);
  const list: LossSeries[] = isLossSeriesList(series) ? series : [{ name: 'loss', y: series }];
  const lines: LineSeries[] = list.map((s) => {
    const y = toNumbers(s.y);
    const x = s.x === undefined ? Float64Array.from({ length: y.length }, (_, i) => i) : toNumbers(s.x);
    return { name: s.name, ...(window === 1 ? { x, y } : windowMeans(x, y, window)) };
  });
  return lineChart(
    lines,
    {
      ...options,
      title: options.title ?? (window === 1 ? 'Loss' : `Loss (mean of every ${window} steps)`),
      xLabel: options.xLabel ?? 'step',
      yLabel: options.yLabel ?? 'loss',
    },
    'loss-curves',
  );
}

function isLossSeriesList(v: LossSeries[] | Values): v is LossSeries[] {
  return !isTensor(v) && Array.isArray(v) && v.length > 0 && typeof v[0] === 'object';
}
