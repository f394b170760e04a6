/**
 * The plain networks of the study: stacks of weight layers and rectifiers with no normalization, as in He et
 * al.'s Sec. 2.2 analysis and their Fig. 2-3 experiments. Every weight is drawn by one of the three schemes
 * (`initWeight`), every bias is zero.
 */
import type { Generator, Tensor } from '@poise/tensor';
import { Flatten, LeakyReLU, Linear, PReLU, ReLU, Sequential, type Module } from '@poise/nn';
import { kaimingNormal, xavierNormal, zeros } from '@poise/init';
import { CircularConv2d } from './circular-conv';
import { INIT_SCHEMES, type InitScheme } from './theory';

/**
 * Draws `w` by `scheme`: Xavier is `xavierNormal` (gain 1, Var = 2/(n + n̂)); the Kaiming schemes are
 * `kaimingNormal` with the gain sqrt(2/(1 + a^2)) for `initSlope` = a, on the fan-in or the fan-out.
 */
export function initWeight(w: Tensor, scheme: InitScheme, generator: Generator, initSlope = 0): void {
  if (scheme === 'xavier') xavierNormal(w, { generator });
  else if (scheme === 'kaiming-fan-in' || scheme === 'kaiming-fan-out') {
    kaimingNormal(w, { a: initSlope, nonlinearity: 'leaky_relu', mode: scheme === 'kaiming-fan-in' ? 'fanIn' : 'fanOut', generator });
  } else {
    throw new RangeError(`initWeight: unknown scheme '${String(scheme)}'; expected one of ${INIT_SCHEMES.join(', ')}`);
  }
}

/** Three equal stages of widths base, 2 base, 4 base (as VGG-style nets widen), so fan-in != fan-out at two layers. */
export function stageWidths(depth: number, base: number): number[] {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`stageWidths: depth must be a positive integer, got ${depth}`);
  if (!Number.isInteger(base) || base < 1) throw new RangeError(`stageWidths: base width must be a positive integer, got ${base}`);
  return Array.from({ length: depth }, (_, i) => base * 2 ** Math.floor((3 * i) / depth));
}

/** The rectifier after each weight layer. */
export type Rectifier = { kind: 'relu' } | { kind: 'leaky'; slope: number } | { kind: 'prelu'; shared: boolean; init: number };

function rectifier(r: Rectifier, channels: number): Module {
  if (r.kind === 'relu') return new ReLU();
  if (r.kind === 'leaky') return new LeakyReLU(r.slope);
  return new PReLU(r.shared ? 1 : channels, r.init);
}

/** The negative slope of a rectifier at initialization (PReLU starts as a leaky ReLU of slope `init`). */
export function initialSlope(r: Rectifier): number {
  return r.kind === 'relu' ? 0 : r.kind === 'leaky' ? r.slope : r.init;
}

export interface PlainNetSpec {
  /** 'mlp': Linear layers on [N, inputs]; 'conv': 3x3 circular convolutions on [N, inputs, H, W]. */
  kind: 'mlp' | 'conv';
  inputs: number;
  widths: readonly number[];
  scheme: InitScheme;
  rectifier?: Rectifier;
  /** The slope the Kaiming gain is computed for (default: the rectifier's own). */
  initSlope?: number;
}

/** The weight layers of a plain net followed by their rectifiers: [W1, f, W2, f, ...], no head. */
export function plainLayers(spec: PlainNetSpec, g: Generator): Module[] {
  const r = spec.rectifier ?? { kind: 'relu' };
  const a = spec.initSlope ?? initialSlope(r);
  const layers: Module[] = [];
  let fanIn = spec.inputs;
  for (const width of spec.widths) {
    const layer = spec.kind === 'mlp' ? new Linear(fanIn, width, { generator: g }) : new CircularConv2d(fanIn, width, 3, { generator: g });
    initWeight(layer.weight, spec.scheme, g, a);
    zeros(layer.bias!);
    layers.push(layer, rectifier(r, width));
    fanIn = width;
  }
  return layers;
}

/** A plain net without a head, for measuring signal propagation. */
export function plainNet(spec: PlainNetSpec, g: Generator): Sequential {
  return new Sequential(...plainLayers(spec, g));
}

export interface ConvClassifierSpec {
  /** Weight layers in all: `depth - 1` 3x3 convolutions and one Linear classifier. */
  depth: number;
  channels: number;
  /** Side of the (square) input images. */
  side: number;
  scheme: InitScheme;
  rectifier?: Rectifier;
}

/**
 * A plain conv classifier for 1-channel images: depth - 1 convolutions of `channels` channels at full
 * resolution, then a Linear layer on the flattened maps to 10 logits (the paper's nets end in fully
 * connected layers on the spatial maps; global average pooling would leave the deep nets' nearly identical
 * per-example means as the only feature). Every layer, the classifier included, is drawn by `scheme`.
 */
export function convClassifier(spec: ConvClassifierSpec, g: Generator): Sequential {
  if (!Number.isInteger(spec.depth) || spec.depth < 2) throw new RangeError(`convClassifier: depth must be an integer >= 2, got ${spec.depth}`);
  const widths = new Array<number>(spec.depth - 1).fill(spec.channels);
  const r = spec.rectifier ?? { kind: 'relu' };
  const layers = plainLayers({ kind: 'conv', inputs: 1, widths, scheme: spec.scheme, rectifier: r }, g);
  const head = new Linear(spec.channels * spec.side * spec.side, 10, { generator: g });
  initWeight(head.weight, spec.scheme, g, initialSlope(r));
  zeros(head.bias!);
  return new Sequential(...layers, new Flatten(), head);
}
