/**
 * MNIST bytes to tensors, with torchvision's numbers: `ToTensor()` turns a byte p into the float32 p/255,
 * and `Normalize((0.1307,), (0.3081,))` then computes `(x - mean) / std` in float32 with float32 mean and
 * std. Each step rounds to float32 here as it does in torch, so every value equals torchvision's bit for
 * bit (checked against torch 1.13's CPU ops for all 256 byte values; float64 arithmetic then one rounding
 * to float32 is exact for a single +, -, × or ÷ of float32 operands). A 256-entry table does the mapping.
 */
import { tensor, type Tensor } from '@poise/tensor';

import { MNIST_MEAN, MNIST_PIXELS, MNIST_SIDE, MNIST_STD } from './mnist-files';

/** How pixel bytes become values: p/255 (`'unit'`), `(p/255 - 0.1307) / 0.3081` (`'standard'`), or p (`'none'`). */
export type MnistNormalize = 'unit' | 'standard' | 'none';

/** One split: float32 images and int32 labels. */
export interface MnistSplit {
  /** float32 `[N, 784]`, or `[N, 1, 28, 28]` with `flatten: false`. */
  images: Tensor;
  /** int32 `[N]`, the digits 0-9. */
  labels: Tensor;
}

export interface SplitOptions {
  /** At most this many examples (the first ones). */
  limit: number;
  flatten: boolean;
  normalize: MnistNormalize;
}

/** The float32 value of each byte 0-255 under `normalize`. */
export function pixelTable(normalize: MnistNormalize): Float32Array {
  const table = new Float32Array(256);
  const mean = Math.fround(MNIST_MEAN);
  const std = Math.fround(MNIST_STD);
  for (let p = 0; p < 256; p++) {
    const unit = Math.fround(p / 255);
    table[p] = normalize === 'none' ? p : normalize === 'unit' ? unit : Math.fround(Math.fround(unit - mean) / std);
  }
  return table;
}

/**
 * Tensors of the examples `order[0], order[1], ...` (all of them, in file order, without `order`) of
 * `images` (N × 784 bytes) and `labels` (N bytes), up to `limit`.
 */
export function makeSplit(images: Uint8Array, labels: Uint8Array, order: Int32Array | undefined, opts: SplitOptions): MnistSplit {
  const available = order ? order.length : labels.length;
  const n = Math.min(available, opts.limit);
  const table = pixelTable(opts.normalize);
  const x = new Float32Array(n * MNIST_PIXELS);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = order ? order[i] : i;
    const from = src * MNIST_PIXELS;
    const to = i * MNIST_PIXELS;
    for (let k = 0; k < MNIST_PIXELS; k++) x[to + k] = table[images[from + k]];
    y[i] = labels[src];
  }
  const shape = opts.flatten ? [n, MNIST_PIXELS] : [n, 1, MNIST_SIDE, MNIST_SIDE];
  return { images: tensor(x, { shape }), labels: tensor(y, { shape: [n] }) };
}
