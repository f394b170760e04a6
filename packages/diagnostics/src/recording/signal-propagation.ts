/**
 * `signalPropagation(model, input)`: one forward and one backward pass, returning each layer's activation
 * and gradient std. This is the measurement behind He et al. (2015, Sec. 2.2) and Glorot & Bengio (2010):
 * with Xavier's variance 1/fan the signal through ReLU layers halves its second moment at every layer
 * (std x 2^-1/2, so 2^-L/2 after L layers), with Kaiming's 2/fan it keeps it.
 */
import type { Module } from '@poise/nn';
import { noGrad, randn, type Generator, type Tensor } from '@poise/tensor';
import type { Chart } from '../chart';
import { signalStdChart, type SignalStdOptions } from '../charts/signal-std-chart';
import { isTensor } from '../values';
import type { LayerFilter } from './layers';
import { moments } from './stats';
import { WatchRecorder, type Recorder } from './recorder';

export interface SignalPropagationOptions {
  /** Which modules to measure (dotted names or a predicate); default as `watch`: every leaf but Flatten/Identity/Dropout. */
  layers?: LayerFilter;
  /**
   * The loss to differentiate. Default: a random projection of the output, `sum(output * z)` with
   * z ~ N(0, 1), so the gradient arriving at the output is N(0, 1), the zero-mean gradient He et al. assume.
   */
  loss?: (output: Tensor) => Tensor;
  /** The generator for that z (the default generator otherwise). */
  generator?: Generator;
}

/** One layer's forward and backward signal. */
export interface SignalLayer {
  /** 1, 2, 3, ... in forward order among the measured layers. */
  depth: number;
  name: string;
  label: string;
  type: string;
  activationMean: number;
  activationStd: number;
  /** Mean and std of the gradient of the loss with respect to the layer's output; NaN if none reached it. */
  gradientMean: number;
  gradientStd: number;
  /** Saturated fraction (tanh, sigmoid) and dead-unit fraction (tanh, sigmoid, ReLU); NaN for other layers. */
  saturation: number;
  deadFraction: number;
}

export interface SignalPropagation {
  /** Mean and std of the input (float inputs; NaN for indices). */
  input: { mean: number; std: number };
  layers: SignalLayer[];
  /** The recorder used for the pass (detached): `report(result.recorder)` gives the verdicts. */
  recorder: Recorder;
  /** Activation and gradient std against depth, on a log axis (`signalStdChart`). */
  chart(options?: Partial<SignalStdOptions>): Chart;
}

/**
 * One forward and backward pass of `model` on `input`, measuring each layer's output and gradient. The
 * model is left as it was: parameter gradients and buffers (batch norm's running statistics) are restored,
 * and the train/eval mode is the caller's.
 */
export function signalPropagation(model: Module, input: Tensor, options: SignalPropagationOptions = {}): SignalPropagation {
  if (!isTensor(input)) throw new TypeError('signalPropagation: input must be a Tensor');
  const params = model.parameters();
  const savedGrads = params.map((p) => p.grad);
  const buffers = [...model.namedBuffers()].map(([, b]) => [b, b.clone()] as const);
  for (const p of params) p.grad = null;
  const recorder = new WatchRecorder(model, { every: 1, layers: options.layers, recordEval: true });
  let inputStats = { mean: NaN, std: NaN };
  try {
    let x = input;
    if (input.dtype === 'float32' || input.dtype === 'float64') {
      inputStats = moments(input.toTypedArray());
      if (!input.requiresGrad) {
        x = input.detach();
        x.requiresGrad = true;
      }
    }
    const output = model.forward(x as never) as unknown;
    if (!isTensor(output)) throw new TypeError(`signalPropagation: ${model.name}.forward returned ${typeof output}, not a Tensor`);
    const out = output as Tensor;
    if (options.loss) {
      options.loss(out).backward();
    } else if (out.requiresGrad) {
      out.backward(randn(out.shape, { dtype: out.dtype === 'float64' ? 'float64' : 'float32', generator: options.generator }));
    }
  } finally {
    recorder.remove();
    params.forEach((p, i) => (p.grad = savedGrads[i]));
    noGrad(() => {
      for (const [b, copy] of buffers) b.copy_(copy);
    });
  }
  const last = (a: number[]): number => (a.length > 0 ? a[a.length - 1] : NaN);
  const layers: SignalLayer[] = recorder.layers
    .filter((l) => l.steps.length > 0)
    .map((l, i) => ({
      depth: i + 1,
      name: l.name,
      label: l.label,
      type: l.type,
      activationMean: last(l.mean),
      activationStd: last(l.std),
      gradientMean: last(l.gradMean),
      gradientStd: last(l.gradStd),
      saturation: last(l.saturation),
      deadFraction: last(l.deadFraction),
    }));
  return {
    input: inputStats,
    layers,
    recorder,
    chart: (chartOptions = {}) =>
      signalStdChart(
        layers.map((l) => l.depth),
        {
          title: 'Signal std through depth (one forward and backward pass)',
          xLabel: 'layer',
          yLabel: 'std',
          integerX: true,
          ...chartOptions,
          series: chartOptions.series ?? [
            { name: 'activation std', std: layers.map((l) => l.activationStd) },
            { name: 'gradient std', std: layers.map((l) => l.gradientStd) },
          ],
        },
      ),
  };
}
