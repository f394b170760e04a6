/**
 * LSUV, layer-sequential unit-variance initialization: Mishkin & Matas 2016 (ICLR; arXiv 2015), "All you
 * need is a good init". Start from orthonormal weights (Saxe et al. 2014), then, layer by layer in forward
 * order, run a batch through the network and rescale the layer's weight until the variance of its output
 * is 1: data-driven, so it accounts for whatever the nonlinearities and the data actually do, where
 * Xavier/Kaiming assume an idealised input and activation.
 *
 * Algorithm 1 of the paper, for each layer L:
 *
 *     while |Var(B_L) - 1| >= tol and iterations < maxIter:
 *         forward a mini-batch;  W_L = W_L / sqrt(Var(B_L))
 *
 * where B_L is the layer's output (for a linear layer its pre-activation `x W^T + b`), Var the variance
 * over all its elements. With `zeroBias` (the reference code zeroes biases when it orthonormalises) a
 * linear layer converges in one step; with a bias, a few.
 *
 * The model is structural, so this file needs nothing from `@poise/nn`: anything with `forward(x)` and
 * `modules()`, whose layers have a `weight` tensor and PyTorch-style forward hooks
 * (`registerForwardHook((module, inputs, output) => ...)` returning a handle with `remove()`), which is
 * `@poise/nn`'s Module API.
 */
import { Tensor, noGrad, readValues } from '@poise/tensor';
import { orthogonal } from './orthogonal';
import { describe, generatorOf, type GeneratorOptions } from './target';

/** A handle that unregisters a hook. */
export interface LsuvHookHandle {
  remove(): void;
}

/** A layer LSUV can initialise: a weight to rescale and a forward hook to observe its output. */
export interface LsuvLayer {
  weight: Tensor;
  bias?: Tensor | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  registerForwardHook(hook: (module: any, inputs: unknown[], output: unknown) => unknown): LsuvHookHandle;
}

/** The model: `forward` runs a batch, `modules()` yields every module (`@poise/nn`'s `Module` has both). */
export interface LsuvModel {
  forward(x: Tensor): unknown;
  modules(): Iterable<unknown>;
  /** Optional: dotted names for the report (`@poise/nn`'s `namedModules()`). */
  namedModules?(): Iterable<[string, unknown]>;
}

export interface LsuvOptions extends GeneratorOptions {
  /**
   * The layers to initialise. Default: every module (from `model.modules()`) with a `weight` tensor of
   * 2 or more dims and a `registerForwardHook` method: linear and convolution layers, and embeddings (pass
   * `layers` to leave those out). They are processed in the order the forward pass first reaches them;
   * discovered modules that the forward pass never calls are skipped (listed ones are an error).
   */
  layers?: Iterable<LsuvLayer>;
  /** Stop when |Var - 1| < tol. Default 0.1 (the paper's Tol_var). */
  tol?: number;
  /** Rescalings per layer at most. Default 10 (the paper's T_max). */
  maxIter?: number;
  /** Start from `orthogonal(weight)` (the paper's pre-initialisation). Default true. */
  orthogonal?: boolean;
  /** Zero each layer's bias before rescaling, as the reference code does. Default true. */
  zeroBias?: boolean;
}

export interface LsuvLayerReport {
  /** Position of the layer in forward order (0 = first reached). */
  index: number;
  /** The layer's dotted name from `model.namedModules()` if it has one, else `ClassName#index`. */
  name: string;
  /** How many times the weight was rescaled. */
  iterations: number;
  /** The variance of the layer's output on the batch after the last rescaling. */
  variance: number;
  /** Whether |variance - 1| < tol was reached within maxIter rescalings. */
  converged: boolean;
}

export type LsuvErrorCode = 'no-layers' | 'not-reached' | 'non-finite' | 'zero-variance';

/** LSUV could not proceed; `code` says why (the message names the layer). */
export class LsuvError extends Error {
  override readonly name = 'LsuvError';
  constructor(readonly code: LsuvErrorCode, message: string) {
    super(message);
  }
}

/** Running count, mean and sum of squared deviations (Chan et al.'s pairwise update). */
interface Moments {
  n: number;
  mean: number;
  m2: number;
  finite: boolean;
}

function addMoments(acc: Moments, values: ArrayLike<number>): void {
  const n = values.length;
  if (n === 0) return;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  if (!Number.isFinite(sum)) {
    acc.finite = false;
    return;
  }
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
  }
  if (!Number.isFinite(m2)) acc.finite = false;
  const total = acc.n + n;
  const delta = mean - acc.mean;
  acc.m2 += m2 + (delta * delta * acc.n * n) / total;
  acc.mean += (delta * n) / total;
  acc.n = total;
}

function isLayer(m: unknown): m is LsuvLayer {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return r.weight instanceof Tensor && typeof r.registerForwardHook === 'function';
}

/**
 * Initialises `model`'s layers with LSUV on `batch` and returns one report per layer, in forward order.
 * Weights (and, with `zeroBias`, biases) are changed in place under `noGrad`. Deterministic given the
 * generator (used only by the orthogonal pre-initialisation) and the batch.
 *
 * Throws an {@link LsuvError}: `'no-layers'` if no layer qualifies, `'not-reached'` if a listed layer is not
 * called by `forward`, `'non-finite'` if the batch or a layer's output holds NaN or infinity, and
 * `'zero-variance'` if a layer's output is constant (no rescaling can fix that). Run it with the model in
 * the mode you will train in (dropout, batch norm) and a batch of a few hundred examples.
 *
 * Formula, per layer L in forward order, after W_L = orthogonal(W_L): repeat W_L = W_L / sqrt(Var(B_L))
 * until |Var(B_L) - 1| < tol, B_L being the layer's output on `batch`.
 * Paper: Mishkin & Matas 2016, "All you need is a good init" (ICLR, https://arxiv.org/abs/1511.06422),
 * Algorithm 1.
 */
export function lsuv(model: LsuvModel, batch: Tensor, opts: LsuvOptions = {}): LsuvLayerReport[] {
  if (typeof model !== 'object' || model === null || typeof model.forward !== 'function' || typeof model.modules !== 'function') {
    throw new TypeError(`lsuv: model must have forward(x) and modules(), got ${describe(model)}`);
  }
  if (!(batch instanceof Tensor)) throw new TypeError(`lsuv: batch must be a Tensor, got ${describe(batch)}`);
  const tol = opts.tol ?? 0.1;
  const maxIter = opts.maxIter ?? 10;
  if (typeof tol !== 'number' || !(tol > 0) || !Number.isFinite(tol)) throw new RangeError(`lsuv: tol must be a finite number > 0, got ${describe(tol)}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`lsuv: maxIter must be a non-negative integer, got ${describe(maxIter)}`);
  const gen = generatorOf('lsuv', opts);
  if (batch.dtype === 'float32' || batch.dtype === 'float64') {
    const moments: Moments = { n: 0, mean: 0, m2: 0, finite: true };
    addMoments(moments, readValues(batch));
    if (!moments.finite) throw new LsuvError('non-finite', 'lsuv: the batch contains NaN or infinite values');
  }

  const layers = collectLayers(model, opts.layers);
  const names = layerNames(model);
  for (const layer of layers) {
    if (opts.orthogonal ?? true) {
      if (layer.weight.ndim < 2) throw new TypeError(`lsuv: cannot orthogonalise the ${layer.weight.ndim}-D weight of ${nameOf(names, layer, -1)}; pass orthogonal: false`);
      orthogonal(layer.weight, { generator: gen });
    }
    if ((opts.zeroBias ?? true) && layer.bias instanceof Tensor) noGrad(() => layer.bias!.zero_());
  }

  // One pass to learn the forward order (and to fail early on a batch that produces NaN).
  const firstCall = new Map<LsuvLayer, number>();
  let calls = 0;
  const handles = layers.map((layer) =>
    layer.registerForwardHook(() => {
      if (!firstCall.has(layer)) firstCall.set(layer, calls++);
      return undefined;
    }),
  );
  try {
    noGrad(() => model.forward(batch));
  } finally {
    for (const h of handles) h.remove();
  }
  for (const layer of layers) {
    if (!firstCall.has(layer)) {
      if (opts.layers !== undefined) throw new LsuvError('not-reached', `lsuv: ${nameOf(names, layer, -1)} is not called by model.forward`);
    }
  }
  const ordered = layers.filter((l) => firstCall.has(l)).sort((a, b) => firstCall.get(a)! - firstCall.get(b)!);

  const reports: LsuvLayerReport[] = [];
  ordered.forEach((layer, index) => {
    const name = nameOf(names, layer, index);
    const measure = (): number => outputVariance(model, batch, layer, name);
    let variance = measure();
    let iterations = 0;
    while (Math.abs(variance - 1) >= tol && iterations < maxIter) {
      const factor = 1 / Math.sqrt(variance);
      noGrad(() => layer.weight.mul_(factor));
      iterations++;
      variance = measure();
    }
    reports.push({ index, name, iterations, variance, converged: Math.abs(variance - 1) < tol });
  });
  return reports;
}

/** Runs the batch forward under noGrad and returns the variance of `layer`'s output over all its elements. */
function outputVariance(model: LsuvModel, batch: Tensor, layer: LsuvLayer, name: string): number {
  const moments: Moments = { n: 0, mean: 0, m2: 0, finite: true };
  let badOutput: unknown = null;
  const handle = layer.registerForwardHook((_module: unknown, _inputs: unknown[], output: unknown) => {
    if (output instanceof Tensor) addMoments(moments, readValues(output));
    else badOutput = output;
    return undefined;
  });
  try {
    noGrad(() => model.forward(batch));
  } finally {
    handle.remove();
  }
  if (badOutput !== null) throw new TypeError(`lsuv: ${name} returned ${describe(badOutput)}, not a Tensor`);
  if (!moments.finite) throw new LsuvError('non-finite', `lsuv: the output of ${name} contains NaN or infinite values`);
  const variance = moments.n > 0 ? moments.m2 / moments.n : 0;
  if (!(variance > 0)) throw new LsuvError('zero-variance', `lsuv: the output of ${name} has variance 0 on this batch; rescaling its weight cannot fix that`);
  return variance;
}

function collectLayers(model: LsuvModel, explicit: Iterable<LsuvLayer> | undefined): LsuvLayer[] {
  const seen = new Set<LsuvLayer>();
  if (explicit !== undefined) {
    for (const m of explicit) {
      if (!isLayer(m)) throw new TypeError(`lsuv: every entry of layers needs a weight Tensor and registerForwardHook(), got ${describe(m)}`);
      seen.add(m);
    }
  } else {
    for (const m of model.modules()) if (isLayer(m) && m.weight.ndim >= 2) seen.add(m);
  }
  for (const layer of seen) {
    if (layer.weight.dtype !== 'float32' && layer.weight.dtype !== 'float64') {
      throw new TypeError(`lsuv: weights must be float32 or float64, got ${layer.weight.dtype}`);
    }
  }
  if (seen.size === 0) {
    throw new LsuvError('no-layers', 'lsuv: no layer qualifies (a module with a weight tensor of 2+ dims and registerForwardHook); pass opts.layers');
  }
  return [...seen];
}

function layerNames(model: LsuvModel): Map<unknown, string> {
  const names = new Map<unknown, string>();
  if (typeof model.namedModules === 'function') {
    for (const [name, m] of model.namedModules()) if (!names.has(m)) names.set(m, name === '' ? '(model)' : name);
  }
  return names;
}

function nameOf(names: Map<unknown, string>, layer: LsuvLayer, index: number): string {
  const named = names.get(layer);
  if (named !== undefined) return named;
  const cls = (layer as object).constructor?.name ?? 'layer';
  return index >= 0 ? `${cls}#${index}` : cls;
}
