/**
 * How the standard deviation of the signal changes with depth, per initialization scheme: the picture
 * behind Glorot & Bengio and He et al. With a good init the std stays flat across layers; with a bad one
 * it decays or explodes geometrically, a straight line on the log axis. Theoretical predictions (e.g.
 * `gain^2 * fanIn * Var(w)` per layer) are drawn dashed in the colour of the measured series of the same
 * name.
 */
import type { Chart } from '../chart';
import { toNumbers, type Values } from '../values';
import { lineChart, type LineChartOptions, type LineSeries } from './line-chart';

/** The std of one scheme's activations (or gradients) at each layer. */
export interface StdSeries {
  name: string;
  std: Values;
}

export interface SignalStdOptions extends Omit<LineChartOptions, 'guide'> {
  /** Measured std per layer, one series per init scheme. */
  series: StdSeries[];
  /** Theoretical std per layer, drawn dashed. */
  theory?: StdSeries[];
}

/** Std per layer (x: `layers`, e.g. 1..L) on a log axis, one line per scheme, theory dashed. */
export function signalStdChart(layers: Values, options: SignalStdOptions): Chart {
  const { logY = true } = options;
  const x = toNumbers(layers);
  const toLine = (s: StdSeries, dashed: boolean): LineSeries => {
    const y = toNumbers(s.std);
    if (y.length !== x.length) {
      throw new RangeError(`signalStdChart: series '${s.name}' has ${y.length} values for ${x.length} layers`);
    }
    return { name: s.name, x, y, dashed };
  };
  const lines = [...options.series.map((s) => toLine(s, false)), ...(options.theory ?? []).map((s) => toLine(s, true))];
  return lineChart(
    lines,
    {
      ...options,
      logY,
      integerX: options.integerX ?? true,
      title: options.title ?? (options.theory?.length ? 'Signal std per layer (dashed: theory)' : 'Signal std per layer'),
      xLabel: options.xLabel ?? 'layer',
      yLabel: options.yLabel ?? 'std',
    },
    'signal-std',
  );
}
