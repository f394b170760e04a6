/**
 * A 3x3 (or any odd-kernel) convolution with circular padding, PyTorch's `Conv2d(..., padding_mode='circular')`.
 *
 * Why not zero padding: He et al.'s derivation (Sec. 2.2) assumes every output sees a full window of
 * `n = k^2 c` inputs. On the 224x224 images of the paper zero padding is negligible, but on a 7x7 MNIST map
 * a 3x3 window at the border sees zeros: the mean fan-in is (19/21)^2 = 82% of the nominal one, so every
 * layer loses 18% of its variance and a 30-layer net initialised with Kaiming's 2/n still fades by
 * 0.82^29 = 0.3% in variance. Wrapping around instead keeps every window full, so the paper's arithmetic
 * holds exactly and the study measures initialization, not padding.
 */
import { cat, conv2d, type Generator, type Tensor } from '@poise/tensor';
import { Conv2d } from '@poise/nn';

export class CircularConv2d extends Conv2d {
  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: { bias?: boolean; generator?: Generator } = {}) {
    if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
      throw new RangeError(`CircularConv2d: kernelSize must be an odd positive integer, got ${kernelSize}`);
    }
    super(inChannels, outChannels, kernelSize, { padding: 0, ...opts });
  }

  override forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new RangeError(`CircularConv2d: expected input [N, C, H, W], got shape [${x.shape.join(', ')}]`);
    const p = (this.kernelSize[0] - 1) / 2;
    return conv2d(circularPad(x, p), this.weight, this.bias, { padding: 0 });
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, padding_mode='circular'`;
  }
}

/** Pads H and W of an [N, C, H, W] tensor by `p` on each side with the values from the opposite side. */
export function circularPad(x: Tensor, p: number): Tensor {
  if (p === 0) return x;
  const [, , h, w] = x.shape;
  if (p > h || p > w) throw new RangeError(`circularPad: padding ${p} is larger than the ${h}x${w} map`);
  const rows = cat([x.narrow(2, h - p, p), x, x.narrow(2, 0, p)], 2);
  return cat([rows.narrow(3, w - p, p), rows, rows.narrow(3, 0, p)], 3);
}
