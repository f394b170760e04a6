/**
 * `watch(model, { every })`: forward and backward hooks that record, per layer and per sampled step, the
 * statistics Karpathy's makemore part 3 plots and the 2015 seeds reason about: activation mean and std,
 * saturation and dead units of tanh/sigmoid/ReLU layers, percentiles of the pre-activations (Ioffe &
 * Szegedy's Figure 1(b, c)), the gradient of each layer's output, and for every parameter its
 * grad:data and update:data ratios over time.
 *
 * Hooks are attached only during sampled steps (`every`), so other steps run the bare model.
 */
import type { HookHandle, Module } from '@poise/nn';
import { readValues, type Tensor } from '@poise/tensor';
import type { Chart } from '../chart';
import { gradientHistograms } from '../charts/gradient-histograms';
import { histograms } from '../charts/histograms';
import { lineChart, type LineSeries } from '../charts/line-chart';
import { percentileBands, type PercentileSeries } from '../charts/percentile-bands';
import { updateRatioCurves } from '../charts/update-ratio-curves';
import { isTensor } from '../values';
import { activationKind, layerLabel, selectLayers, type ActivationKind, type LayerFilter } from './layers';
import { differenceMoments, moments, outsideStats, percentiles, unitValues, type Moments } from './stats';
import { SATURATION_WARNING, SIGMOID_SATURATION, TANH_SATURATION } from './thresholds';

/** Which pre-activation values the percentiles are taken over: all of a layer's (`'pooled'`) or one unit's. */
export type PercentileUnit = 'pooled' | number;

export interface WatchOptions {
  /** Record every `every`-th step (0, every, 2 * every, ...); nothing is recorded in between. Default 1. */
  every?: number;
  /** Which modules to watch: dotted names or a predicate. Default: every leaf module except Flatten/Identity/Dropout. */
  layers?: LayerFilter;
  /** A tanh output is saturated where |y| > this. Default 0.99 (`TANH_SATURATION`). */
  tanhSaturation?: number;
  /** A sigmoid output is saturated outside [lo, hi]. Default [0.01, 0.99] (`SIGMOID_SATURATION`). */
  sigmoidSaturation?: readonly [number, number];
  /**
   * The pre-activation percentiles (of an activation layer's input) are over all its values (`'pooled'`,
   * the default) or over one unit's values across the batch (a number: the index along dim 1), as Ioffe &
   * Szegedy track "a typical sigmoid". A record by layer name sets it per layer.
   */
  percentileUnit?: PercentileUnit | Readonly<Record<string, PercentileUnit>>;
  /** Also record forward passes of layers in eval mode (`module.training === false`). Default false. */
  recordEval?: boolean;
  /** Keep a copy of the latest sampled outputs and gradients of each layer, for `charts()`. Default true. */
  keepValues?: boolean;
}

/** An optimizer, as far as `recorder.step` is concerned. */
export interface OptimizerLike {
  paramGroups: readonly { options: { lr: number } }[];
}

/** A tensor's values at one step, kept for histograms. */
export interface ValuesSnapshot {
  step: number;
  shape: number[];
  values: Float32Array | Float64Array;
}

/** The 15th, 50th and 85th percentiles of an activation layer's input (its pre-activation) per step. */
export interface PreactivationSeries {
  /** `'pooled'` (all values of the layer) or the index of the unit along dim 1. */
  unit: PercentileUnit;
  p15: number[];
  p50: number[];
  p85: number[];
}

/**
 * One layer's statistics over the sampled steps: plain arrays aligned with `steps`, NaN where a value does
 * not apply (saturation of a Linear layer) or was not seen (no backward at that step).
 */
export interface LayerSeries {
  /** The dotted module name from `namedModules()` (`'2'`, `'blocks.0.act'`); `''` for the model itself. */
  readonly name: string;
  /** The name with the class: `'2 (Tanh)'`. */
  readonly label: string;
  /** The class name: `'Tanh'`, `'Linear'`, `'BatchNorm1d'`. */
  readonly type: string;
  /** The activation kind, or null for layers that are not activations. */
  readonly activation: ActivationKind | null;
  /** Units of the latest output: its size along dim 1 (1 for a 0-D or 1-D output). */
  units: number;
  /** Position in the forward pass among the watched layers (first call), or -1 if never called. */
  order: number;
  readonly steps: number[];
  /** Mean and (unbiased) std of the layer's output. */
  readonly mean: number[];
  readonly std: number[];
  /** What counts as saturated, in words (`'|y| > 0.99'`, `'y outside [0.01, 0.99]'`); null if nothing does. */
  readonly saturationRule: string | null;
  /** Fraction of outputs in the saturated range (tanh, sigmoid); NaN for other layers. */
  readonly saturation: number[];
  /**
   * Fraction of units dead over the batch: saturated on every example (tanh, sigmoid) or never active
   * (ReLU: output 0 for every example). NaN for LeakyReLU/PReLU (their negative side still passes a
   * gradient) and for non-activation layers.
   */
  readonly deadFraction: number[];
  /** Percentiles of the input of activation layers (the pre-activation); null for other layers. */
  readonly preactivation: PreactivationSeries | null;
  /** Mean and std of the gradient of the loss with respect to the layer's output. */
  readonly gradMean: number[];
  readonly gradStd: number[];
  /** Whether the output, and the gradient at it, were free of NaN and infinity (true where not seen). */
  readonly outputFinite: boolean[];
  readonly gradFinite: boolean[];
  /** The latest sampled output and output gradient (with `keepValues`). */
  latest: { output?: ValuesSnapshot; grad?: ValuesSnapshot };
}

/** One parameter's statistics at the sampled steps, recorded by `recorder.step()`. */
export interface ParameterSeries {
  /** Its dotted name from `namedParameters()`: `'2.weight'`. */
  readonly name: string;
  /** The name of the module that holds it (`'2'`). */
  readonly layer: string;
  readonly shape: number[];
  readonly steps: number[];
  readonly gradMean: number[];
  readonly gradStd: number[];
  /** std of the values after the step. */
  readonly dataStd: number[];
  /** std(grad) / std(data): Karpathy's grad:data ratio. */
  readonly gradToData: number[];
  /**
   * log10(std(update) / std(data)): Karpathy's update:data ratio. The update is `lr * grad` when
   * `step(lr)` is given a learning rate, else the measured change of the values over the step.
   */
  readonly log10UpdateRatio: number[];
}

/** The charts a recorder can draw from what it has seen; a chart is absent when there is nothing for it. */
export interface RecorderCharts {
  /** Histograms of the latest sampled outputs of the activation layers (Karpathy's activation distribution). */
  activations?: Chart;
  /** Histograms of the latest gradients of the activation layers' outputs. */
  gradients?: Chart;
  /** Saturated fraction of each tanh/sigmoid layer over steps, with the 5% guide. */
  saturation?: Chart;
  /** Output std of each activation layer over steps. */
  activationStd?: Chart;
  /** 15th/50th/85th percentiles of each activation layer's input over steps (Ioffe & Szegedy, Fig. 1(b, c)). */
  percentiles?: Chart;
  /** log10 update:data ratio of each weight (2-D or more) over steps, with the -3 guide. */
  updateRatios?: Chart;
  /** grad:data ratio of each weight over steps, log axis. */
  gradToData?: Chart;
}

interface LayerState {
  module: Module;
  series: LayerSeries;
  unit: PercentileUnit;
}

interface ParameterState {
  param: Tensor;
  series: ParameterSeries;
  /** The values at the start of the current sampled step (for the measured update). */
  before: Float32Array | Float64Array | null;
}

const QS = [0.15, 0.5, 0.85] as const;

function newLayerSeries(name: string, module: Module, unit: PercentileUnit, rules: { tanh: number; sigmoid: readonly [number, number] }): LayerSeries {
  const type = module.name;
  const activation = activationKind(module);
  const saturationRule =
    activation === 'tanh' ? `|y| > ${rules.tanh}` : activation === 'sigmoid' ? `y outside [${rules.sigmoid[0]}, ${rules.sigmoid[1]}]` : null;
  return {
    name,
    label: layerLabel(name, type),
    type,
    activation,
    units: 0,
    order: -1,
    saturationRule,
    steps: [],
    mean: [],
    std: [],
    saturation: [],
    deadFraction: [],
    preactivation: activation === null ? null : { unit, p15: [], p50: [], p85: [] },
    gradMean: [],
    gradStd: [],
    outputFinite: [],
    gradFinite: [],
    latest: {},
  };
}

function floatValues(t: unknown): Float32Array | Float64Array | null {
  if (!isTensor(t)) return null;
  const dtype = (t as Tensor).dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return null;
  return readValues(t as Tensor) as Float32Array | Float64Array;
}

/** Moments are finite exactly when the values are (a NaN or infinity makes the mean NaN or infinite). */
function isFiniteMoments(m: Moments, n: number): boolean {
  return n === 0 || (Number.isFinite(m.mean) && (n < 2 || Number.isFinite(m.std)));
}

function isOptimizerLike(x: unknown): x is OptimizerLike {
  return typeof x === 'object' && x !== null && Array.isArray((x as OptimizerLike).paramGroups);
}

/**
 * Records per-layer and per-parameter statistics of a model during training. Make one with `watch(model)`;
 * call `recorder.step()` once per training step, after `opt.step()`; read the series from `layers` and
 * `parameters`, charts from `charts()`, a verdict from `report(recorder)`; `remove()` detaches it.
 */
export interface Recorder {
  readonly model: Module;
  /** Steps 0, every, 2 * every, ... are recorded. */
  readonly every: number;
  /** The current step: how many times `step()` has been called. */
  readonly stepIndex: number;
  /** Whether the current step is recorded (`stepIndex % every === 0` and not removed). */
  readonly sampling: boolean;
  /** Whether the hooks are attached right now (they are only during sampled steps). */
  readonly attached: boolean;
  /** The watched layers' series, in forward order (layers never called last, in module order). */
  readonly layers: LayerSeries[];
  /** Every parameter's series, in `namedParameters()` order. */
  readonly parameters: ParameterSeries[];
  /** One layer's series by dotted name (`'2'`) or label (`'2 (Tanh)'`). */
  layer(name: string): LayerSeries;
  /** One parameter's series by dotted name (`'2.weight'`). */
  parameter(name: string): ParameterSeries;
  /**
   * Ends the current training step: call it once per step, after `opt.step()` (the gradients must still
   * be there, so before the next `zeroGrad()`). On a sampled step it records each parameter's gradient,
   * grad:data ratio and update:data ratio: given a learning rate, the update is `lr * grad` (Karpathy's
   * `(lr * p.grad).std() / p.data.std()`, exact for plain SGD); given an optimizer or nothing, it is the
   * measured change of the values since the step began (right for momentum and Adam too).
   */
  step(lrOrOptimizer?: number | OptimizerLike): void;
  /** Detaches every hook; the series recorded so far stay readable. Later `step()` calls only count. */
  remove(): void;
  /** Charts of what was recorded, built with this package's chart builders. */
  charts(): RecorderCharts;
}

/** The recorder behind `watch` (not exported: its type is the `Recorder` interface). */
export class WatchRecorder implements Recorder {
  readonly every: number;
  private _step = 0;
  private readonly states: LayerState[];
  private readonly paramStates: ParameterState[];
  private handles: HookHandle[] = [];
  private removed = false;
  private calls = 0;
  private readonly tanhSaturation: number;
  private readonly sigmoidLo: number;
  private readonly sigmoidHi: number;
  private readonly recordEval: boolean;
  private readonly keepValues: boolean;

  constructor(readonly model: Module, options: WatchOptions = {}) {
    const every = options.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`watch: every must be a positive integer, got ${String(every)}`);
    this.every = every;
    this.tanhSaturation = options.tanhSaturation ?? TANH_SATURATION;
    if (!(this.tanhSaturation > 0 && this.tanhSaturation < 1)) {
      throw new RangeError(`watch: tanhSaturation must be in (0, 1), got ${String(options.tanhSaturation)}`);
    }
    [this.sigmoidLo, this.sigmoidHi] = options.sigmoidSaturation ?? SIGMOID_SATURATION;
    if (!(this.sigmoidLo > 0 && this.sigmoidLo < this.sigmoidHi && this.sigmoidHi < 1)) {
      throw new RangeError(`watch: sigmoidSaturation must be [lo, hi] with 0 < lo < hi < 1, got [${this.sigmoidLo}, ${this.sigmoidHi}]`);
    }
    this.recordEval = options.recordEval ?? false;
    this.keepValues = options.keepValues ?? true;
    const unitOption = options.percentileUnit ?? 'pooled';
    this.states = selectLayers(model, options.layers).map(([name, module]) => {
      const unit = typeof unitOption === 'object' ? (unitOption[name] ?? 'pooled') : unitOption;
      if (unit !== 'pooled' && !(Number.isInteger(unit) && unit >= 0)) {
        throw new RangeError(`watch: percentileUnit must be 'pooled' or a unit index (a non-negative integer), got ${String(unit)}`);
      }
      const rules = { tanh: this.tanhSaturation, sigmoid: [this.sigmoidLo, this.sigmoidHi] as const };
      return { module, series: newLayerSeries(name, module, unit, rules), unit };
    });
    const seen = new Set<Tensor>();
    this.paramStates = [];
    for (const [prefix, m] of model.namedModules()) {
      for (const [pname, p] of m.namedDirectParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        const name = prefix ? `${prefix}.${pname}` : pname;
        this.paramStates.push({
          param: p,
          before: null,
          series: {
            name, layer: prefix, shape: [...p.shape], steps: [],
            gradMean: [], gradStd: [], dataStd: [], gradToData: [], log10UpdateRatio: [],
          },
        });
      }
    }
    this.sync();
  }

  /** The current step: how many times `step()` has been called. */
  get stepIndex(): number {
    return this._step;
  }

  /** Whether the current step is recorded (`stepIndex % every === 0` and not removed). */
  get sampling(): boolean {
    return !this.removed && this._step % this.every === 0;
  }

  /** Whether the hooks are attached right now (they are only during sampled steps). */
  get attached(): boolean {
    return this.handles.length > 0;
  }

  /** The watched layers' series, in forward order (layers never called last, in module order). */
  get layers(): LayerSeries[] {
    const called = this.states.filter((s) => s.series.order >= 0).sort((a, b) => a.series.order - b.series.order);
    const uncalled = this.states.filter((s) => s.series.order < 0);
    return [...called, ...uncalled].map((s) => s.series);
  }

  /** Every parameter's series, in `namedParameters()` order. */
  get parameters(): ParameterSeries[] {
    return this.paramStates.map((s) => s.series);
  }

  /** One layer's series by dotted name (`'2'`) or label (`'2 (Tanh)'`). */
  layer(name: string): LayerSeries {
    const s = this.states.find((st) => st.series.name === name || st.series.label === name);
    if (s === undefined) {
      throw new RangeError(`Recorder: no watched layer '${name}'; watched: ${this.states.map((st) => `'${st.series.name}'`).join(', ')}`);
    }
    return s.series;
  }

  /** One parameter's series by dotted name (`'2.weight'`). */
  parameter(name: string): ParameterSeries {
    const s = this.paramStates.find((st) => st.series.name === name);
    if (s === undefined) {
      throw new RangeError(`Recorder: no parameter '${name}'; parameters: ${this.paramStates.map((st) => `'${st.series.name}'`).join(', ')}`);
    }
    return s.series;
  }

  /**
   * Ends the current training step: call it once per step, after `opt.step()` (the gradients must still
   * be there, so before the next `zeroGrad()`). On a sampled step it records each parameter's gradient,
   * grad:data ratio and update:data ratio: given a learning rate, the update is `lr * grad` (Karpathy's
   * `(lr * p.grad).std() / p.data.std()`, exact for plain SGD); given an optimizer or nothing, it is the
   * measured change of the values since the step began (right for momentum and Adam too).
   */
  step(lrOrOptimizer?: number | OptimizerLike): void {
    if (lrOrOptimizer !== undefined && typeof lrOrOptimizer !== 'number' && !isOptimizerLike(lrOrOptimizer)) {
      throw new TypeError('Recorder.step: expected a learning rate, an optimizer (with paramGroups) or nothing');
    }
    if (typeof lrOrOptimizer === 'number' && !(Number.isFinite(lrOrOptimizer) && lrOrOptimizer >= 0)) {
      throw new RangeError(`Recorder.step: the learning rate must be a finite non-negative number, got ${lrOrOptimizer}`);
    }
    if (this.sampling) this.recordParameters(typeof lrOrOptimizer === 'number' ? lrOrOptimizer : undefined);
    this._step++;
    this.sync();
  }

  /** Detaches every hook; the series recorded so far stay readable. Later `step()` calls only count. */
  remove(): void {
    this.removed = true;
    this.detach();
    for (const p of this.paramStates) p.before = null;
  }

  /** Charts of what was recorded, built with this package's chart builders. */
  charts(): RecorderCharts {
    const out: RecorderCharts = {};
    const layers = this.layers.filter((l) => l.steps.length > 0);
    const acts = layers.filter((l) => l.activation !== null);
    const shown = acts.length > 0 ? acts : layers;
    const outputs = shown.filter((l) => l.latest.output !== undefined);
    if (outputs.length > 0) {
      const step = outputs[0].latest.output!.step;
      out.activations = histograms(
        outputs.map((l) => ({ name: l.label, values: l.latest.output!.values })),
        { title: `Activation distribution (step ${step})` },
      );
    }
    const grads = shown.filter((l) => l.latest.grad !== undefined);
    if (grads.length > 0) {
      const step = grads[0].latest.grad!.step;
      out.gradients = gradientHistograms(
        grads.map((l) => ({ name: l.label, values: l.latest.grad!.values })),
        { title: `Gradient distribution (step ${step})` },
      );
    }
    const saturating = acts.filter((l) => l.activation === 'tanh' || l.activation === 'sigmoid');
    if (saturating.length > 0) {
      out.saturation = lineChart(
        saturating.map((l): LineSeries => ({ name: l.label, x: l.steps, y: l.saturation })),
        {
          title: 'Saturated fraction of outputs',
          yLabel: 'saturated fraction',
          integerX: true,
          guide: { y: SATURATION_WARNING, label: `${SATURATION_WARNING * 100}%` },
        },
        'saturation-curves',
      );
    }
    if (shown.length > 0) {
      out.activationStd = lineChart(
        shown.map((l): LineSeries => ({ name: l.label, x: l.steps, y: l.std })),
        { title: 'Output std per layer', yLabel: 'std', integerX: true },
        'activation-std-curves',
      );
    }
    const withPre = acts.filter((l) => l.preactivation !== null && l.preactivation.p50.some(Number.isFinite));
    if (withPre.length > 0) {
      const steps = [...new Set(withPre.flatMap((l) => l.steps))].sort((a, b) => a - b);
      const align = (l: LayerSeries, v: number[]): number[] => {
        const at = new Map(l.steps.map((s, i) => [s, v[i]]));
        return steps.map((s) => at.get(s) ?? NaN);
      };
      const series: PercentileSeries[] = withPre.map((l) => {
        const pre = l.preactivation!;
        const which = pre.unit === 'pooled' ? 'all units' : `unit ${pre.unit}`;
        return { name: `${l.label}, ${which}`, p15: align(l, pre.p15), p50: align(l, pre.p50), p85: align(l, pre.p85) };
      });
      out.percentiles = percentileBands(steps, series, {
        title: "Pre-activations over training: 15th, 50th, 85th percentiles",
        yLabel: 'pre-activation',
        sharedY: false,
      });
    }
    const weights = this.parameters.filter((p) => p.shape.length >= 2 && p.steps.length > 0);
    if (weights.some((p) => p.log10UpdateRatio.some(Number.isFinite))) {
      out.updateRatios = updateRatioCurves(weights.map((p) => ({ name: p.name, log10Ratio: p.log10UpdateRatio, x: p.steps })));
    }
    if (weights.some((p) => p.gradToData.some(Number.isFinite))) {
      out.gradToData = lineChart(
        weights.map((p): LineSeries => ({ name: p.name, x: p.steps, y: p.gradToData })),
        { title: 'Grad:data ratio (std of grad / std of values)', yLabel: 'grad std / data std', logY: true, integerX: true },
        'grad-data-curves',
      );
    }
    return out;
  }

  // ---- hooks ---------------------------------------------------------------------------------------------

  /** Attaches hooks and snapshots the parameters on sampled steps; detaches otherwise. */
  private sync(): void {
    const want = this.sampling;
    if (want && this.handles.length === 0) this.attach();
    else if (!want && this.handles.length > 0) this.detach();
    if (want) {
      for (const p of this.paramStates) {
        const v = floatValues(p.param);
        if (v === null) p.before = null;
        else if (p.before !== null && p.before.length === v.length && p.before.constructor === v.constructor) p.before.set(v);
        else p.before = v.slice();
      }
    }
  }

  private attach(): void {
    for (const state of this.states) {
      this.handles.push(state.module.registerForwardHook((m, inputs, output) => this.onForward(state, m, inputs, output)));
      this.handles.push(state.module.registerBackwardHook((_m, grad) => this.onBackward(state, grad)));
    }
  }

  private detach(): void {
    for (const h of this.handles) h.remove();
    this.handles = [];
  }

  /** The index of this step's row in the layer's series, appending a row of NaNs if there is none. */
  private row(s: LayerSeries): number {
    const last = s.steps.length - 1;
    if (last >= 0 && s.steps[last] === this._step) return last;
    s.steps.push(this._step);
    for (const a of [s.mean, s.std, s.saturation, s.deadFraction, s.gradMean, s.gradStd]) a.push(NaN);
    s.outputFinite.push(true);
    s.gradFinite.push(true);
    if (s.preactivation) for (const a of [s.preactivation.p15, s.preactivation.p50, s.preactivation.p85]) a.push(NaN);
    return last + 1;
  }

  private onForward(state: LayerState, m: Module, inputs: unknown[], output: unknown): undefined {
    if (!this.recordEval && !m.training) return undefined;
    const y = floatValues(output);
    if (y === null) return undefined;
    const s = state.series;
    const shape = (output as Tensor).shape;
    if (s.order < 0) s.order = this.calls++;
    const i = this.row(s);
    const mo = moments(y);
    s.mean[i] = mo.mean;
    s.std[i] = mo.std;
    s.outputFinite[i] = isFiniteMoments(mo, y.length);
    const kind = s.activation;
    if (kind === 'tanh') {
      const h = outsideStats(y, shape, -this.tanhSaturation, this.tanhSaturation);
      s.saturation[i] = h.fraction;
      s.deadFraction[i] = h.unitFraction;
    } else if (kind === 'sigmoid') {
      const h = outsideStats(y, shape, this.sigmoidLo, this.sigmoidHi);
      s.saturation[i] = h.fraction;
      s.deadFraction[i] = h.unitFraction;
    } else if (kind === 'relu') {
      // Inactive where the output is 0: outside [smallest positive float, inf].
      s.deadFraction[i] = outsideStats(y, shape, Number.MIN_VALUE, Infinity).unitFraction;
    }
    s.units = shape.length < 2 ? 1 : shape[1];
    if (s.preactivation !== null) {
      const x = floatValues(inputs[0]);
      if (x !== null) {
        const xs = (inputs[0] as Tensor).shape;
        const ps = percentiles(state.unit === 'pooled' ? x : unitValues(x, xs, state.unit), QS);
        s.preactivation.p15[i] = ps[0];
        s.preactivation.p50[i] = ps[1];
        s.preactivation.p85[i] = ps[2];
      }
    }
    if (this.keepValues) s.latest.output = { step: this._step, shape: [...shape], values: y.slice() };
    return undefined;
  }

  private onBackward(state: LayerState, grad: Tensor): undefined {
    const g = floatValues(grad);
    if (g === null) return undefined;
    const s = state.series;
    const i = this.row(s);
    const mo = moments(g);
    s.gradMean[i] = mo.mean;
    s.gradStd[i] = mo.std;
    s.gradFinite[i] = isFiniteMoments(mo, g.length);
    if (this.keepValues) s.latest.grad = { step: this._step, shape: [...grad.shape], values: g.slice() };
    return undefined;
  }

  private recordParameters(lr: number | undefined): void {
    for (const p of this.paramStates) {
      const data = floatValues(p.param);
      if (data === null) continue;
      const s = p.series;
      const grad = p.param.grad === null ? null : floatValues(p.param.grad);
      const g = grad === null ? { mean: NaN, std: NaN } : moments(grad);
      const d = moments(data);
      let update = NaN;
      if (lr !== undefined) update = lr * g.std;
      else if (p.before !== null && p.before.length === data.length) update = differenceMoments(data, p.before).std;
      s.steps.push(this._step);
      s.gradMean.push(g.mean);
      s.gradStd.push(g.std);
      s.dataStd.push(d.std);
      s.gradToData.push(g.std / d.std);
      s.log10UpdateRatio.push(Math.log10(update / d.std));
    }
  }
}

/**
 * Starts recording a model's statistics: forward and backward hooks on its layers, active on every
 * `every`-th step. Call `recorder.step()` after each `opt.step()`, `recorder.remove()` when done.
 */
export function watch(model: Module, options: WatchOptions = {}): Recorder {
  return new WatchRecorder(model, options);
}
