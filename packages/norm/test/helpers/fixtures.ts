/** Reading norm.json (written by fixtures/norm_fixtures.py) and comparing results with it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Parameter } from '@poise/nn';
import { Generator, noGrad, randn, tensor, type Tensor } from '@poise/tensor';
import { BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm1d, InstanceNorm2d, LayerNorm, RMSNorm } from '../../src';

/** An array as stored: exact little-endian bytes, or every `stride`-th value plus the exact sums. */
export interface FixArray {
  b64: string;
  stride?: number;
  sum?: number;
  sumAbs?: number;
  /** float32 arrays: PyTorch's own float32 error against its float64 result on the same inputs (same measure). */
  torchErr?: number;
}

export interface FixStep {
  mode: 'train' | 'eval';
  xSum: number;
  out: FixArray;
  dx: FixArray;
  dweight: FixArray | null;
  dbias: FixArray | null;
  runningMean: FixArray | null;
  runningVar: FixArray | null;
  numBatchesTracked: number | null;
}

export interface FixCase {
  name: string;
  layer: 'BatchNorm1d' | 'BatchNorm2d' | 'LayerNorm' | 'GroupNorm' | 'InstanceNorm1d' | 'InstanceNorm2d' | 'RMSNorm';
  ctor: unknown[];
  opts: Record<string, unknown>;
  bias: boolean;
  dtype: 'float32' | 'float64';
  shape: number[];
  seed: number;
  weight: FixArray | null;
  biasValue: FixArray | null;
  steps: FixStep[];
}

export function loadFixtures(): { torch: string; cases: FixCase[] } {
  return JSON.parse(readFileSync(join(__dirname, '../fixtures/norm.json'), 'utf8'));
}

export function decode(a: FixArray, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const buf = Buffer.from(a.b64, 'base64');
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  return dtype === 'float32' ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
}

/** The layer object the fixtures exercise: a module with a one-tensor forward and optional affine parameters. */
export interface NormLayer {
  forward(x: Tensor): Tensor;
  train(mode?: boolean): unknown;
  zeroGrad(): void;
  weight: Parameter | null;
  bias?: Parameter | null;
  getBuffer(name: string): Tensor | null;
}

export function buildLayer(c: FixCase): NormLayer {
  const o = c.opts;
  const dtype = c.dtype;
  const bn = { momentum: o.momentum as number | null, affine: o.affine as boolean, trackRunningStats: o.trackRunningStats as boolean, dtype };
  switch (c.layer) {
    case 'BatchNorm1d': return new BatchNorm1d(c.ctor[0] as number, bn);
    case 'BatchNorm2d': return new BatchNorm2d(c.ctor[0] as number, bn);
    case 'InstanceNorm1d': return new InstanceNorm1d(c.ctor[0] as number, bn);
    case 'InstanceNorm2d': return new InstanceNorm2d(c.ctor[0] as number, bn);
    case 'LayerNorm':
      return new LayerNorm(c.ctor[0] as number[], { eps: (o.eps as number | undefined) ?? 1e-5, elementwiseAffine: o.elementwiseAffine as boolean, bias: c.bias, dtype });
    case 'RMSNorm':
      return new RMSNorm(c.ctor[0] as number[], { eps: (o.eps as number | undefined) ?? null, elementwiseAffine: o.elementwiseAffine as boolean, dtype });
    case 'GroupNorm':
      return new GroupNorm(c.ctor[0] as number, c.ctor[1] as number, { affine: o.affine as boolean, dtype });
  }
}

/** Loads the case's weight and bias into the layer (in place). */
export function loadParams(m: NormLayer, c: FixCase): void {
  noGrad(() => {
    if (c.weight !== null) m.weight!.copy_(tensor(decode(c.weight, c.dtype), { shape: m.weight!.shape }));
    else expect(m.weight).toBeNull();
    if (c.biasValue !== null) m.bias!.copy_(tensor(decode(c.biasValue, c.dtype), { shape: m.bias!.shape }));
    else expect(m.bias ?? null).toBeNull();
  });
}

/** The step inputs: x and the upstream gradient, drawn as the fixture script draws them. */
export function stepInputs(gen: Generator, shape: number[], dtype: 'float32' | 'float64'): [Tensor, Tensor] {
  const x32 = randn(shape, { generator: gen });
  const g32 = randn(shape, { generator: gen });
  const x = dtype === 'float32' ? x32 : x32.to('float64');
  x.requiresGrad = true;
  return [x, dtype === 'float32' ? g32 : g32.to('float64')];
}

/**
 * Elementwise agreement |a - e| <= rtol * (|e| + scale), where scale is the mean |e| of the whole array: a
 * relative tolerance with a floor at the array's own magnitude, so values that are zero up to rounding
 * (a centered output near its mean) do not demand digits that neither side has. Sampled arrays compare
 * every stored value and the exact sum and sum of absolute values. For float32 arrays PyTorch's own
 * float32 error (`torchErr`, measured by the fixture script against float64) is added to `rtol`: where
 * PyTorch's kernel loses digits, a result closer to the truth cannot be within rtol of PyTorch's.
 */
export function expectClose(actual: Tensor | null, expected: FixArray | null, dtype: 'float32' | 'float64', rtol: number, what: string): number {
  if (expected === null) {
    expect(actual, `${what}: PyTorch has none`).toBeNull();
    return 0;
  }
  expect(actual, `${what}: missing`).not.toBeNull();
  const a = actual!.toTypedArray();
  const e = decode(expected, dtype);
  const tol = rtol + (expected.torchErr ?? 0);
  const stride = expected.stride ?? 1;
  let scale: number;
  if (expected.stride === undefined) {
    expect(a.length, `${what}: element count`).toBe(e.length);
    let s = 0;
    for (let i = 0; i < e.length; i++) s += Math.abs(e[i]);
    scale = s / e.length;
  } else {
    expect(Math.ceil(a.length / stride), `${what}: sampled element count`).toBe(e.length);
    scale = expected.sumAbs! / a.length;
    let sum = 0;
    let sumAbs = 0;
    for (let i = 0; i < a.length; i++) {
      sum += a[i];
      sumAbs += Math.abs(a[i]);
    }
    expect(Math.abs(sum - expected.sum!), `${what}: sum ${sum} vs PyTorch's ${expected.sum}`).toBeLessThanOrEqual(2 * tol * expected.sumAbs!);
    expect(Math.abs(sumAbs - expected.sumAbs!), `${what}: sum of |values|`).toBeLessThanOrEqual(2 * tol * expected.sumAbs!);
  }
  let worst = 0;
  let at = -1;
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i * stride] - e[i]) / (Math.abs(e[i]) + scale);
    if (!(err <= worst)) [worst, at] = [err, i];
  }
  expect(worst, `${what}: element ${at * stride} is ${a[at * stride]}, PyTorch has ${e[at]} (relative error ${worst})`).toBeLessThanOrEqual(tol);
  return worst;
}
