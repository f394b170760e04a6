/**
 * Per-layer gradient histograms: Karpathy's "gradient distribution" plot. Gradients that shrink or
 * grow layer by layer (vanishing, exploding) show as density lines of very different widths.
 */
import type { Chart } from '../chart';
import { buildHistograms, type HistogramsOptions, type NamedValues } from './histograms';

/** Like `histograms`, for gradients (`layer.out.grad`, or a parameter's `.grad`). */
export function gradientHistograms(series: NamedValues[], options: HistogramsOptions = {}): Chart {
  return buildHistograms(series, options, { kind: 'gradient-histograms', title: 'Gradient distribution', xLabel: 'gradient' });
}
