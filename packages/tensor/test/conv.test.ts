import { describe, expect, it } from 'vitest';
import {
  Generator, adaptiveAvgPool2d, avgPool2d, conv2d, gradcheck, maxPool2d, maxPool2dWithIndices, noGrad, ones, randn, tensor,
  zeros, type Conv2dOptions, type GradcheckOptions, type Tensor,
} from '../src';

const g = new Generator().manualSeed(2024);
function leaf(shape: number[], requiresGrad = true): Tensor {
  const t = randn(shape, { generator: g, dtype: 'float64' });
  t.requiresGrad = requiresGrad;
  return t;
}

/** Every convolution and pooling op, checked against central finite differences in float64. */
const OPS: [string, () => [(...x: Tensor[]) => Tensor, Tensor[], GradcheckOptions?]][] = [
  ['conv2d basic, bias', () => [(x, w, b) => conv2d(x, w, b), [leaf([2, 3, 5, 5]), leaf([4, 3, 3, 3]), leaf([4])]]],
  ['conv2d stride 2, padding 1', () => [(x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }), [leaf([2, 2, 6, 5]), leaf([3, 2, 3, 3]), leaf([3])]]],
  ['conv2d dilation 2, padding 2', () => [(x, w) => conv2d(x, w, null, { dilation: 2, padding: 2 }), [leaf([1, 2, 7, 7]), leaf([2, 2, 3, 3])]]],
  ['conv2d groups 2', () => [(x, w, b) => conv2d(x, w, b, { groups: 2, padding: 1 }), [leaf([2, 4, 5, 4]), leaf([6, 2, 3, 3]), leaf([6])]]],
  ['conv2d depthwise (groups = channels)', () => [(x, w, b) => conv2d(x, w, b, { groups: 3, padding: 1 }), [leaf([2, 3, 5, 5]), leaf([3, 1, 3, 3]), leaf([3])]]],
  ['conv2d depthwise multiplier 2, stride 2', () => [(x, w) => conv2d(x, w, null, { groups: 2, stride: 2, padding: 1 }), [leaf([1, 2, 6, 6]), leaf([4, 1, 3, 3])]]],
  ['conv2d depthwise on a transposed view, stride 2, dilation 2', () => [
    (x, w, b) => conv2d(x.transpose(2, 3), w, b, { groups: 2, stride: 2, dilation: 2, padding: [2, 1] }), [leaf([1, 2, 7, 6]), leaf([2, 1, 2, 3]), leaf([2])]]],
  ['conv2d one input channel (1 -> 1, direct path)', () => [(x, w) => conv2d(x, w, null, { padding: 1 }), [leaf([2, 1, 4, 5]), leaf([1, 1, 3, 3])]]],
  ['conv2d non-square kernel, per-dim stride/padding/dilation', () => [
    (x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }), [leaf([2, 2, 6, 7]), leaf([3, 2, 3, 2]), leaf([3])]]],
  ["conv2d padding 'same', even kernel", () => [(x, w) => conv2d(x, w, null, { padding: 'same' }), [leaf([1, 2, 5, 6]), leaf([2, 2, 2, 4])]]],
  ["conv2d padding 'valid', stride [1, 3]", () => [(x, w) => conv2d(x, w, null, { padding: 'valid', stride: [1, 3] }), [leaf([1, 2, 4, 7]), leaf([2, 2, 2, 2])]]],
  ['conv2d 1x1 (pointwise)', () => [(x, w, b) => conv2d(x, w, b), [leaf([2, 4, 3, 3]), leaf([5, 4, 1, 1]), leaf([5])]]],
  ['conv2d 1x1 on a permuted (non-contiguous) input', () => [(x, w) => conv2d(x.permute(0, 3, 1, 2), w), [leaf([2, 3, 4, 4]), leaf([2, 4, 1, 1])]]],
  ['conv2d strided input view, input grad only', () => [(x) => conv2d(x.transpose(2, 3), ones([2, 3, 2, 2], { dtype: 'float64' }), null, { stride: 2 }), [leaf([1, 3, 5, 6])]]],
  ['conv2d unbatched [C, H, W]', () => [(x, w, b) => conv2d(x, w, b, { padding: 1 }), [leaf([2, 4, 3]), leaf([3, 2, 3, 3]), leaf([3])]]],
  ['conv2d weight grad only (input constant)', () => [(x, w) => conv2d(x, w, null, { stride: 2, padding: 1 }), [leaf([2, 2, 5, 5], false), leaf([3, 2, 3, 3])]]],
  ['Tensor.conv2d chained twice', () => [(x, w1, w2) => x.conv2d(w1, null, { padding: 1 }).tanh().conv2d(w2, null, { stride: 2 }), [leaf([1, 2, 5, 5]), leaf([3, 2, 3, 3]), leaf([2, 3, 2, 2])]]],

  ['maxPool2d 2x2', () => [(x) => maxPool2d(x, 2), [leaf([2, 3, 4, 4])]]],
  ['maxPool2d 3x3 stride 2 padding 1 (overlapping windows)', () => [(x) => maxPool2d(x, 3, { stride: 2, padding: 1 }), [leaf([2, 2, 7, 7])]]],
  ['maxPool2d stride 1 (an element is the max of several windows)', () => [(x) => maxPool2d(x, 3, { stride: 1 }), [leaf([1, 2, 5, 5])]]],
  ['maxPool2d dilation 2, non-square', () => [(x) => maxPool2d(x, [2, 3], { stride: [1, 2], padding: 1, dilation: 2 }), [leaf([1, 2, 7, 8])]]],
  ['maxPool2d ceilMode', () => [(x) => maxPool2d(x, 3, { stride: 2, ceilMode: true }), [leaf([2, 2, 6, 7])]]],
  ['maxPool2d ceilMode with padding', () => [(x) => maxPool2d(x, 2, { stride: 2, padding: 1, ceilMode: true }), [leaf([1, 2, 5, 5])]]],
  ['maxPool2d unbatched', () => [(x) => x.maxPool2d(2, { stride: 1 }), [leaf([2, 3, 4])]]],

  ['avgPool2d 2x2', () => [(x) => avgPool2d(x, 2), [leaf([2, 3, 4, 4])]]],
  ['avgPool2d 3x3 stride 2 padding 1', () => [(x) => avgPool2d(x, 3, { stride: 2, padding: 1 }), [leaf([2, 2, 7, 7])]]],
  ['avgPool2d countIncludePad false', () => [(x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), [leaf([1, 2, 7, 6])]]],
  ['avgPool2d ceilMode', () => [(x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }), [leaf([1, 2, 6, 7])]]],
  ['avgPool2d ceilMode, countIncludePad false', () => [(x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [leaf([1, 2, 6, 7])]]],
  ['avgPool2d non-square, divisorOverride', () => [(x) => avgPool2d(x, [2, 3], { stride: [1, 2], padding: [1, 1], divisorOverride: 5 }), [leaf([1, 2, 5, 8])]]],
  ['avgPool2d unbatched', () => [(x) => x.avgPool2d(2, { ceilMode: true }), [leaf([2, 5, 5])]]],

  ['adaptiveAvgPool2d uneven bins', () => [(x) => adaptiveAvgPool2d(x, [3, 2]), [leaf([2, 2, 7, 5])]]],
  ['adaptiveAvgPool2d even bins', () => [(x) => adaptiveAvgPool2d(x, 3), [leaf([1, 2, 6, 6])]]],
  ['adaptiveAvgPool2d global (1x1)', () => [(x) => adaptiveAvgPool2d(x, 1), [leaf([2, 3, 4, 5])]]],
  ['adaptiveAvgPool2d [null, 3]', () => [(x) => adaptiveAvgPool2d(x, [null, 3]), [leaf([1, 2, 4, 7])]]],
  ['adaptiveAvgPool2d more bins than inputs', () => [(x) => x.adaptiveAvgPool2d([6, 5]), [leaf([1, 2, 4, 3])]]],
];

describe('gradcheck: conv and pooling gradients equal finite differences (float64)', () => {
  for (const [name, make] of OPS) {
    it(name, () => {
      const [fn, inputs, opts] = make();
      expect(gradcheck(fn, inputs, opts)).toBe(true);
    });
  }
});

// ---- a direct reference, for many random geometries --------------------------------------------------------

interface Geo { N: number; C: number; H: number; W: number; O: number; G: number; kH: number; kW: number; s: [number, number]; p: [number, number]; d: [number, number] }

/** conv2d by its definition, and the two gradients by their definitions, in float64. */
function reference(x: Float64Array, w: Float64Array, b: Float64Array, gOut: Float64Array, q: Geo) {
  const { N, C, H, W, O, G, kH, kW, s, p, d } = q;
  const Cg = C / G, Og = O / G;
  const OH = Math.floor((H + 2 * p[0] - d[0] * (kH - 1) - 1) / s[0]) + 1;
  const OW = Math.floor((W + 2 * p[1] - d[1] * (kW - 1) - 1) / s[1]) + 1;
  const out = new Float64Array(N * O * OH * OW), dx = new Float64Array(x.length), dw = new Float64Array(w.length);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const oi = ((n * O + o) * OH + oh) * OW + ow;
    let acc = b[o];
    const grp = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let i = 0; i < kH; i++) for (let j = 0; j < kW; j++) {
      const ih = oh * s[0] - p[0] + i * d[0], iw = ow * s[1] - p[1] + j * d[1];
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      const xi = ((n * C + grp * Cg + c) * H + ih) * W + iw, wi = ((o * Cg + c) * kH + i) * kW + j;
      acc += x[xi] * w[wi];
      dx[xi] += gOut[oi] * w[wi];
      dw[wi] += gOut[oi] * x[xi];
    }
    out[oi] = acc;
  }
  return { out, dx, dw, outShape: [N, O, OH, OW] };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('conv2d equals its definition on 150 random geometries (float64)', () => {
  it('forward, input gradient and weight gradient', () => {
    const rnd = lcg(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    let tried = 0;
    while (tried < 150) {
      const G = pick([1, 1, 2, 3]);
      const q: Geo = {
        N: pick([1, 2]), C: G * pick([1, 2, 3]), H: pick([1, 2, 3, 5, 8]), W: pick([1, 3, 4, 7]), O: G * pick([1, 2, 3]), G,
        kH: pick([1, 2, 3]), kW: pick([1, 2, 3, 5]), s: [pick([1, 2, 3]), pick([1, 2])], p: [pick([0, 1, 2]), pick([0, 1])], d: [pick([1, 2]), pick([1, 3])],
      };
      if (q.d[0] * (q.kH - 1) + 1 > q.H + 2 * q.p[0] || q.d[1] * (q.kW - 1) + 1 > q.W + 2 * q.p[1]) continue;
      tried++;
      const x = leaf([q.N, q.C, q.H, q.W]), w = leaf([q.O, q.C / q.G, q.kH, q.kW]), b = leaf([q.O]);
      const opts: Conv2dOptions = { stride: q.s, padding: q.p, dilation: q.d, groups: q.G };
      const out = conv2d(x, w, b, opts);
      const gOut = randn(out.shape as number[], { generator: g, dtype: 'float64' });
      out.backward(gOut);
      const ref = reference(x.toTypedArray() as Float64Array, w.toTypedArray() as Float64Array, b.toTypedArray() as Float64Array,
        gOut.toTypedArray() as Float64Array, q);
      const label = JSON.stringify(q);
      expect(out.shape, label).toEqual(ref.outShape);
      const close = (a: Tensor, e: Float64Array, what: string) => {
        const v = a.toTypedArray();
        for (let i = 0; i < e.length; i++) expect(Math.abs(v[i] - e[i]), `${what} [${i}] ${label}`).toBeLessThan(1e-12 * (1 + Math.abs(e[i])));
      };
      close(out, ref.out, 'output');
      close(x.grad!, ref.dx, 'dx');
      close(w.grad!, ref.dw, 'dw');
    }
  });

  it('float32 agrees with float64 to float32 precision', () => {
    const x = leaf([3, 4, 9, 9], false), w = leaf([6, 2, 3, 3], false), b = leaf([6], false);
    const opts: Conv2dOptions = { padding: 1, stride: 2, groups: 2 };
    const y64 = conv2d(x, w, b, opts).toTypedArray();
    const y32 = conv2d(x.float(), w.float(), b.float(), opts).toTypedArray();
    for (let i = 0; i < y64.length; i++) expect(Math.abs(y32[i] - y64[i])).toBeLessThan(2e-6 * (1 + Math.abs(y64[i])));
  });
});

describe('max pooling ties and special values follow PyTorch', () => {
  it('the first of equal maxima (row-major within the window) is selected and gets the gradient', () => {
    const x = tensor([[[[1, 3, 3], [3, 2, 1], [0, 3, 3]]]], { dtype: 'float64', requiresGrad: true });
    const [y, idx] = maxPool2dWithIndices(x, 2, { stride: 1 });
    expect(y.tolist()).toEqual([[[[3, 3], [3, 3]]]]);
    expect(idx.dtype).toBe('int32');
    expect(idx.tolist()).toEqual([[[[1, 1], [3, 7]]]]);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([[[[0, 2, 0], [1, 0, 0], [0, 1, 0]]]]);
  });

  it('a window of equal values reports its first element; -Infinity windows too', () => {
    const [y, idx] = maxPool2dWithIndices(tensor([[[[-Infinity, -Infinity], [-Infinity, -Infinity]]]]), 2);
    expect(y.tolist()).toEqual([[[[-Infinity]]]]);
    expect(idx.tolist()).toEqual([[[[0]]]]);
    const [, idx2] = maxPool2dWithIndices(zeros([1, 1, 4, 4]), 2, { padding: 1 });
    expect(idx2.tolist()).toEqual([[[[0, 1, 3], [4, 5, 7], [12, 13, 15]]]]);
  });

  it('NaN wins a window (the last NaN, as in PyTorch)', () => {
    const [y, idx] = maxPool2dWithIndices(tensor([[[[1, NaN], [NaN, 5]]]]), 2);
    expect(Number.isNaN(y.item())).toBe(true);
    expect(idx.item()).toBe(2);
  });

  it('padding never wins: all-negative windows at the border', () => {
    const y = maxPool2d(tensor([[[[-5, -6], [-7, -8]]]], { dtype: 'float32' }), 2, { stride: 1, padding: 1 });
    expect(y.tolist()).toEqual([[[[-5, -5, -6], [-5, -5, -6], [-7, -7, -8]]]]);
  });
});

describe('pooling values', () => {
  it('avgPool2d divisors: countIncludePad, ceilMode and divisorOverride', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], { dtype: 'float32' });
    expect(avgPool2d(x, 2, { stride: 2, padding: 1 }).tolist()).toEqual([[[[0.25, 1.25], [2.75, 7]]]]);
    expect(avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: false }).tolist()).toEqual([[[[1, 2.5], [5.5, 7]]]]);
    // ceil mode: the last window runs past the input; its divisor counts only the part inside the padded input.
    expect(avgPool2d(x, 2, { stride: 2, ceilMode: true }).tolist()).toEqual([[[[3, 4.5], [7.5, 9]]]]);
    expect(avgPool2d(x, 2, { stride: 2, ceilMode: true, divisorOverride: 1 }).tolist()).toEqual([[[[12, 9], [15, 9]]]]);
  });

  it('adaptiveAvgPool2d uses PyTorch bins [floor(i H / OH), ceil((i + 1) H / OH))', () => {
    const x = tensor([[[[1, 2, 3, 4, 5]]]], { dtype: 'float64' });
    // W = 5 into 3 bins: [0, 2), [1, 4), [3, 5).
    const y = adaptiveAvgPool2d(x, [1, 3]).toTypedArray();
    [1.5, 3, 4.5].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 14));
    expect(adaptiveAvgPool2d(x, [null, 1]).tolist()).toEqual([[[[3]]]]);
  });

  it('Tensor methods and functions agree; unbatched inputs give unbatched outputs', () => {
    const x = randn([2, 3, 6, 6], { generator: g });
    const w = randn([4, 3, 3, 3], { generator: g });
    expect(x.conv2d(w, null, { padding: 1 }).tolist()).toEqual(conv2d(x, w, null, { padding: 1 }).tolist());
    expect(x.maxPool2d(2).tolist()).toEqual(maxPool2d(x, 2).tolist());
    expect(x.avgPool2d(3, { stride: 1 }).tolist()).toEqual(avgPool2d(x, 3, { stride: 1 }).tolist());
    expect(x.adaptiveAvgPool2d(4).tolist()).toEqual(adaptiveAvgPool2d(x, 4).tolist());
    const x0 = x.narrow(0, 0, 1).squeeze(0);
    expect(conv2d(x0, w).shape).toEqual([4, 4, 4]);
    expect(conv2d(x0, w).tolist()).toEqual(conv2d(x.narrow(0, 0, 1), w).squeeze(0).tolist());
    expect(maxPool2d(x0, 2).shape).toEqual([3, 3, 3]);
    expect(avgPool2d(x0, 2).shape).toEqual([3, 3, 3]);
    expect(adaptiveAvgPool2d(x0, [2, 5]).shape).toEqual([3, 2, 5]);
  });

  it('records grad_fn names, and nothing under noGrad', () => {
    const x = randn([1, 1, 4, 4], { requiresGrad: true });
    expect(conv2d(x, ones([1, 1, 2, 2])).gradFn?.name).toBe('ConvolutionBackward');
    expect(maxPool2d(x, 2).gradFn?.name).toBe('MaxPool2DWithIndicesBackward');
    expect(avgPool2d(x, 2).gradFn?.name).toBe('AvgPool2DBackward');
    expect(noGrad(() => conv2d(x, ones([1, 1, 2, 2]))).requiresGrad).toBe(false);
  });

  it('refuses to backward through a weight changed in place after the forward', () => {
    const w = randn([1, 1, 2, 2], { requiresGrad: true });
    const x = randn([1, 1, 3, 3], { requiresGrad: true });
    const y = conv2d(x, w.mul(1));
    noGrad(() => x.mul_(2));
    expect(() => y.sum().backward()).toThrow(/modified by an in-place operation/);
  });
});

describe('argument errors name the op, the shapes and what was expected', () => {
  const x = zeros([2, 4, 5, 5]);
  const cases: [string, () => unknown, RegExp][] = [
    ['input rank', () => conv2d(zeros([4, 5]), zeros([2, 4, 3, 3])), /^conv2d: expected a 3-D \(unbatched \[C, H, W\]\) or 4-D \(batched \[N, C, H, W\]\) input, got shape \[4, 5\]$/],
    ['weight rank', () => conv2d(x, zeros([2, 4, 3])), /^conv2d: expected a 4-D weight \[out_channels, in_channels \/ groups, kH, kW\], got shape \[2, 4, 3\]$/],
    ['channel mismatch', () => conv2d(x, zeros([3, 2, 3, 3])), /^conv2d: weight of shape \[3, 2, 3, 3\] with groups=1 expects an input with 2 channels, but the input of shape \[2, 4, 5, 5\] has 4$/],
    ['channels not divisible by groups', () => conv2d(x, zeros([3, 1, 3, 3]), null, { groups: 3 }), /^conv2d: input channels \(4\) must be divisible by groups \(3\); input shape \[2, 4, 5, 5\]$/],
    ['out channels not divisible by groups', () => conv2d(x, zeros([3, 2, 3, 3]), null, { groups: 2 }), /^conv2d: output channels \(weight.shape\[0\] = 3\) must be divisible by groups \(2\); weight shape \[3, 2, 3, 3\]$/],
    ['kernel larger than padded input', () => conv2d(x, zeros([2, 4, 6, 6])), /^conv2d: kernel size \(6 x 6\) can't be greater than the padded input size \(5 x 5\); input shape \[2, 4, 5, 5\], weight shape \[2, 4, 6, 6\]$/],
    ['dilated kernel larger than padded input', () => conv2d(x, zeros([2, 4, 3, 3]), null, { dilation: 3 }), /^conv2d: kernel size \(7 x 7, dilated\) can't be greater than the padded input size \(5 x 5\)/],
    ['zero stride', () => conv2d(x, zeros([2, 4, 3, 3]), null, { stride: 0 }), /^conv2d: stride must be positive, got 0$/],
    ['negative dilation', () => conv2d(x, zeros([2, 4, 3, 3]), null, { dilation: [1, -1] }), /^conv2d: dilation must be positive, got \[1, -1\]$/],
    ['negative padding', () => conv2d(x, zeros([2, 4, 3, 3]), null, { padding: -1 }), /^conv2d: padding must be non-negative, got -1$/],
    ['fractional stride', () => conv2d(x, zeros([2, 4, 3, 3]), null, { stride: 1.5 }), /^conv2d: stride must be an integer or a pair of integers \[h, w\], got 1.5$/],
    ["'same' with stride", () => conv2d(x, zeros([2, 4, 3, 3]), null, { padding: 'same', stride: 2 }), /^conv2d: padding 'same' is not supported for strided convolutions, got stride 2$/],
    ['unknown padding string', () => conv2d(x, zeros([2, 4, 3, 3]), null, { padding: 'full' as 'same' }), /^conv2d: padding must be an integer, a pair \[h, w\], 'valid' or 'same', got 'full'$/],
    ['groups', () => conv2d(x, zeros([2, 4, 3, 3]), null, { groups: 0 }), /^conv2d: groups must be a positive integer, got 0$/],
    ['bias shape', () => conv2d(x, zeros([2, 4, 3, 3]), zeros([3])), /^conv2d: expected a bias of shape \[2\] for weight of shape \[2, 4, 3, 3\], got \[3\]$/],
    ['dtype mismatch', () => conv2d(x, zeros([2, 4, 3, 3], { dtype: 'float64' })), /^conv2d: expected input, weight and bias to have the same dtype, got input float32, weight float64$/],
    ['integer input', () => conv2d(zeros([1, 1, 3, 3], { dtype: 'int32' }), zeros([1, 1, 1, 1], { dtype: 'int32' })), /^conv2d: expected a floating point input \(float32 or float64\), got int32 tensor of shape \[1, 1, 3, 3\]$/],
    ['maxPool2d rank', () => maxPool2d(zeros([5, 5]), 2), /^maxPool2d: expected a 3-D \(unbatched \[C, H, W\]\) or 4-D \(batched \[N, C, H, W\]\) input, got shape \[5, 5\]$/],
    ['maxPool2d padding > half kernel', () => maxPool2d(x, 3, { padding: 2 }), /^maxPool2d: padding should be at most half of the kernel size, got padding 2 and kernelSize 3$/],
    ['maxPool2d output too small', () => maxPool2d(zeros([1, 1, 1, 1]), 2), /^maxPool2d: the output size is too small: input of shape \[1, 1, 1, 1\] \(1 x 1 x 1\) gives 1 x 0 x 0 with kernelSize 2, stride 2, padding 0, dilation 1$/],
    ['maxPool2d zero kernel', () => maxPool2d(x, [2, 0]), /^maxPool2d: kernelSize must be positive, got \[2, 0\]$/],
    ['maxPool2d zero stride', () => maxPool2d(x, 2, { stride: 0 }), /^maxPool2d: stride must be positive, got 0$/],
    ['maxPool2d zero dilation', () => maxPool2d(x, 2, { dilation: 0 }), /^maxPool2d: dilation must be positive, got 0$/],
    ['maxPool2d empty plane', () => maxPool2d(zeros([1, 0, 4, 4]), 2), /^maxPool2d: expected an input with non-zero channels, height and width \(only the batch may be 0\), got shape \[1, 0, 4, 4\]$/],
    ['avgPool2d padding > half kernel', () => avgPool2d(x, [2, 4], { padding: [1, 3] }), /^avgPool2d: padding should be at most half of the kernel size, got padding \[1, 3\] and kernelSize \[2, 4\]$/],
    ['avgPool2d negative padding', () => avgPool2d(x, 2, { padding: -1 }), /^avgPool2d: padding must be non-negative, got -1$/],
    ['avgPool2d divisorOverride 0', () => avgPool2d(x, 2, { divisorOverride: 0 }), /^avgPool2d: divisorOverride must be a nonzero integer or null, got 0$/],
    ['avgPool2d output too small', () => avgPool2d(zeros([1, 3, 2]), 3), /^avgPool2d: the output size is too small: input of shape \[1, 3, 2\] \(1 x 3 x 2\) gives 1 x 1 x 0 with kernelSize 3, stride 3, padding 0, dilation 1$/],
    ['adaptiveAvgPool2d output size 0', () => adaptiveAvgPool2d(x, [0, 2]), /^adaptiveAvgPool2d: outputSize must be positive, got \[0, 2\] for input of shape \[2, 4, 5, 5\]$/],
    ['adaptiveAvgPool2d bad output size', () => adaptiveAvgPool2d(x, [1.5, 2] as [number, number]), /^adaptiveAvgPool2d: outputSize must be an integer or a pair \[h, w\] of integers or null, got \[1.5, 2\]$/],
  ];
  for (const [name, fn, msg] of cases) {
    it(name, () => expect(fn).toThrow(msg));
  }
});
