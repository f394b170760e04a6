/**
 * The update:data ratio of each parameter over training, on a log10 axis: Karpathy's
 * `(lr * p.grad).std() / p.data.std()` plot. Around 1e-3 (the guide at -3) a parameter learns at a
 * healthy pace; far below it learns too slowly, far above its values churn.
 */
import type { Chart } from '../chart';
import { toNumbers, type Values } from '../values';
import { lineChart, type LineChartOptions } from './line-chart';

/** One parameter's ratios over steps: raw (`ratio`) or already as log10 (`log10Ratio`, as the seeds store `ud`). */
export type UpdateRatioSeries =
  | { name: string; ratio: Values; x?: Values }
  | { name: string; log10Ratio: Values; x?: Values };

export interface UpdateRatioOptions extends Omit<LineChartOptions, 'logY' | 'guide'> {
  /** The guide's height in log10 units; `null` for none. Default -3 (a ratio of 1e-3). */
  guide?: number | null;
}

/** log10(update / data) per parameter over steps, with a guide at -3. */
export function updateRatioCurves(series: UpdateRatioSeries[], options: UpdateRatioOptions = {}): Chart {
  const { guide = -3 } = options;
  const lines = series.map((s) => {
    const y = 'log10Ratio' in s ? toNumbers(s.log10Ratio) : Float64Array.from(toNumbers(s.ratio), Math.log10);
    return { name: s.name, y, ...(s.x === undefined ? {} : { x: s.x }) };
  });
  return lineChart(
    lines,
    {
      ...options,
      title: options.title ?? 'Update:data ratio (log10)',
      xLabel: options.xLabel ?? 'step',
      yLabel: options.yLabel ?? 'log10(update std / data std)',
      guide: guide === null ? undefined : { y: guide, label: `1e${guide}` },
    },
    'update-ratio-curves',
  );
}
