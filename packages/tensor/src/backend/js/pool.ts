/**
 * 2-D max and average pooling for the pure-TypeScript backend: one pass over the output with typed-array
 * loops, reading the input through its strides (no copy) and writing fresh contiguous results. The window
 * arithmetic and tie/NaN/divisor rules are those of PyTorch's CPU kernels (aten/src/ATen/native/cpu/
 * MaxPoolKernel.cpp and AvgPoolKernel.cpp), so values and indices match PyTorch's exactly.
 */
import type { AvgPool2dParams, Pool2dParams, View } from '../backend';
import { allocArray, type TypedArray } from '../../dtype';
import type { FloatArray } from './matmul-kernel';

type V = View<TypedArray>;

/** Backend.maxPool2d: window maxima and their flat h * W + w indices within each plane. */
export function maxPool2dJs(x: V, p: Pool2dParams): { values: FloatArray; indices: Int32Array } {
  const [N, C, H, W] = x.shape;
  const [OH, OW] = p.outputSize;
  const [kH, kW] = p.kernelSize;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  const values = allocArray(x.dtype, N * C * OH * OW) as FloatArray;
  const indices = new Int32Array(N * C * OH * OW);
  const xd = x.storage.data as FloatArray;
  const [sN, sC, sH, sW] = x.strides;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x.offset + n * sN + c * sC;
      for (let oh = 0; oh < OH; oh++) {
        let h0 = oh * sh - ph;
        const h1 = Math.min(h0 + (kH - 1) * dh + 1, H);
        while (h0 < 0) h0 += dh;
        for (let ow = 0; ow < OW; ow++, o++) {
          let w0 = ow * sw - pw;
          const w1 = Math.min(w0 + (kW - 1) * dw + 1, W);
          while (w0 < 0) w0 += dw;
          let best = -Infinity;
          let at = h0 * W + w0;
          for (let h = h0; h < h1; h += dh) {
            const row = plane + h * sH;
            for (let w = w0; w < w1; w += dw) {
              const v = xd[row + w * sW];
              // PyTorch's rule: strictly greater (the first of equal maxima wins), and NaN always wins.
              if (v > best || v !== v) {
                best = v;
                at = h * W + w;
              }
            }
          }
          values[o] = best;
          indices[o] = at;
        }
      }
    }
  }
  return { values, indices };
}

/** Backend.maxPool2dBackward: scatters each output gradient to the input element its window picked. */
export function maxPool2dBackwardJs(grad: V, indices: V, inputShape: readonly number[]): FloatArray {
  const [N, C, H, W] = inputShape;
  const [, , OH, OW] = grad.shape;
  const HW = H * W;
  const dx = allocArray(grad.dtype, N * C * HW) as FloatArray;
  const gd = grad.storage.data as FloatArray;
  const id = indices.storage.data as Int32Array;
  const [gN, gC, gH, gW] = grad.strides;
  const [iN, iC, iH, iW] = indices.strides;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const dBase = (n * C + c) * HW;
      const gBase = grad.offset + n * gN + c * gC;
      const iBase = indices.offset + n * iN + c * iC;
      for (let oh = 0; oh < OH; oh++) {
        const gRow = gBase + oh * gH, iRow = iBase + oh * iH;
        for (let ow = 0; ow < OW; ow++) {
          const at = id[iRow + ow * iW];
          if (at < 0 || at >= HW) {
            throw new RangeError(`maxPool2dBackward: index ${at} is out of range for an input plane of ${H} x ${W}`);
          }
          dx[dBase + at] += gd[gRow + ow * gW];
        }
      }
    }
  }
  return dx;
}

/**
 * The divisor of one average-pooling window, PyTorch's rule: the window clipped to the padded input
 * (count_include_pad), or to the real input, or the override.
 */
function divisor(p: AvgPool2dParams, h0: number, h1: number, w0: number, w1: number, H: number, W: number): number {
  if (p.divisorOverride !== null) return p.divisorOverride;
  if (p.countIncludePad) return (h1 - h0) * (w1 - w0);
  return (Math.min(h1, H) - Math.max(h0, 0)) * (Math.min(w1, W) - Math.max(w0, 0));
}

/** Backend.avgPool2d: window sums (in double) over in-bounds taps, divided per PyTorch's rules. */
export function avgPool2dJs(x: V, p: AvgPool2dParams): FloatArray {
  const [N, C, H, W] = x.shape;
  const [OH, OW] = p.outputSize;
  const [kH, kW] = p.kernelSize;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const out = allocArray(x.dtype, N * C * OH * OW) as FloatArray;
  const xd = x.storage.data as FloatArray;
  const [sN, sC, sH, sW] = x.strides;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = x.offset + n * sN + c * sC;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = oh * sh - ph;
        const h1 = Math.min(h0 + kH, H + ph);
        const hs = Math.max(h0, 0), he = Math.min(h1, H);
        for (let ow = 0; ow < OW; ow++, o++) {
          const w0 = ow * sw - pw;
          const w1 = Math.min(w0 + kW, W + pw);
          const ws = Math.max(w0, 0), we = Math.min(w1, W);
          if (hs >= he || ws >= we) continue; // an all-padding window: 0, as in PyTorch
          let s = 0;
          for (let h = hs; h < he; h++) {
            const row = plane + h * sH;
            for (let w = ws; w < we; w++) s += xd[row + w * sW];
          }
          out[o] = s / divisor(p, h0, h1, w0, w1, H, W);
        }
      }
    }
  }
  return out;
}

/** Backend.avgPool2dBackward: each output gradient, divided by its window's divisor, spread over the window. */
export function avgPool2dBackwardJs(grad: V, inputShape: readonly number[], p: AvgPool2dParams): FloatArray {
  const [N, C, H, W] = inputShape;
  const [OH, OW] = p.outputSize;
  const [kH, kW] = p.kernelSize;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const HW = H * W;
  const dx = allocArray(grad.dtype, N * C * HW) as FloatArray;
  const gd = grad.storage.data as FloatArray;
  const [gN, gC, gH, gW] = grad.strides;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const dBase = (n * C + c) * HW;
      const gBase = grad.offset + n * gN + c * gC;
      for (let oh = 0; oh < OH; oh++) {
        const h0 = oh * sh - ph;
        const h1 = Math.min(h0 + kH, H + ph);
        const hs = Math.max(h0, 0), he = Math.min(h1, H);
        for (let ow = 0; ow < OW; ow++) {
          const w0 = ow * sw - pw;
          const w1 = Math.min(w0 + kW, W + pw);
          const ws = Math.max(w0, 0), we = Math.min(w1, W);
          if (hs >= he || ws >= we) continue;
          const v = gd[gBase + oh * gH + ow * gW] / divisor(p, h0, h1, w0, w1, H, W);
          for (let h = hs; h < he; h++) {
            const row = dBase + h * W;
            for (let w = ws; w < we; w++) dx[row + w] += v;
          }
        }
      }
    }
  }
  return dx;
}
