import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { DatasetFormatError, DatasetNotFoundError, MNIST_FILES, mnist, mnistSync } from '../src';
import type { LocatedFile } from '../src/files/dataset-file';
import { assemble, type ResolvedOptions } from '../src/mnist/mnist';
import { realMnistDir, useSandbox } from './helpers/env';
import { fixture } from './helpers/mnist-fixture';

const T10K_IMAGES = MNIST_FILES.test.images;
const T10K_LABELS = MNIST_FILES.test.labels;
const TRAIN_IMAGES = MNIST_FILES.train.images;
const TRAIN_LABELS = MNIST_FILES.train.labels;

/** The error `fn` throws; fails the test if it returns. */
function thrown<T>(fn: () => unknown, type: new (...args: never[]) => T): T {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e as T;
  }
  throw new Error('expected an error, but the call returned');
}

describe('mnist: the path option and damaged files', () => {
  const box = useSandbox();
  const real = (name: string) => readFileSync(join(realMnistDir(), name));
  /** The first 3,000 t10k images as an idx file of their own (decompressed). */
  const trainImages = (): Buffer => {
    const b = Buffer.from(gunzipSync(real(T10K_IMAGES.name)).subarray(0, 16 + 3000 * 784));
    b.writeUInt32BE(3000, 4);
    return b;
  };
  /**
   * A folder standing in for MNIST: the real t10k pair as the test split, and as the training split the
   * first 3,000 t10k images with their labels, written decompressed (not MNIST's own training files).
   */
  let folders = 0;
  const standIn = (): string => {
    const dir = join(box.root, `raw${folders++}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(realMnistDir(), T10K_IMAGES.name), join(dir, T10K_IMAGES.name));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), gunzipSync(real(T10K_LABELS.name)));
    const images = trainImages();
    const labels = Buffer.from(gunzipSync(real(T10K_LABELS.name)).subarray(0, 8 + 3000));
    labels.writeUInt32BE(3000, 4);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), images);
    writeFileSync(join(dir, TRAIN_LABELS.name), gzipSync(labels));
    return dir;
  };

  it('reads a folder of the four files, gzipped or not, and says which are MNIST\'s own', async () => {
    const dir = standIn();
    process.env.POISE_DATA = join(realMnistDir(), '..'); // not consulted
    const ds = mnistSync({ path: dir });
    expect(ds.train.images.shape).toEqual([3000, 784]);
    expect(ds.train.labels.narrow(0, 0, 10).tolist()).toEqual(fixture.test.first_labels);
    expect(ds.test.images.shape).toEqual([10_000, 784]);
    expect(ds.sources.test).toMatchObject({
      source: 'path',
      canonical: true, // the decompressed labels are recognized by the SHA-256 of their idx bytes
      available: 10_000,
      images: { source: 'path', location: join(dir, T10K_IMAGES.name), sha256: T10K_IMAGES.sha256 },
      labels: { source: 'path', location: join(dir, 't10k-labels-idx1-ubyte'), sha256: T10K_LABELS.rawSha256 },
    });
    expect(ds.sources.test.description).toMatch(/^MNIST's 10,000 t10k test digits: /);
    expect(ds.sources.train.canonical).toBe(false);
    expect(ds.sources.train.description).toBe(
      `3,000 train images that are not MNIST's own files: ${join(dir, 'train-images-idx3-ubyte')} and ${join(dir, TRAIN_LABELS.name)} (the path option)`,
    );
    expect(box.stderrSpy).not.toHaveBeenCalled();
    expect((await mnist({ path: dir, limit: 2 })).train.labels.tolist()).toEqual([7, 2]);
  });

  it('a re-compressed copy of a canonical file is still recognized as canonical', () => {
    const dir = standIn();
    writeFileSync(join(dir, T10K_IMAGES.name), gzipSync(gunzipSync(real(T10K_IMAGES.name)), { level: 1 }));
    const ds = mnistSync({ path: dir });
    expect(ds.sources.test.images.sha256).not.toBe(T10K_IMAGES.sha256);
    expect(ds.sources.test.canonical).toBe(true);
  });

  it('the path must be a folder that holds all four files', () => {
    const dir = standIn();
    const none = thrown(() => mnistSync({ path: join(box.root, 'nowhere') }), DatasetNotFoundError);
    expect(none.message).toMatch(/^mnist: no folder at .*nowhere \(the path option\)\. Put the canonical mnist\/train-images-idx3-ubyte\.gz/);
    const file = thrown(() => mnistSync({ path: join(dir, T10K_IMAGES.name) }), DatasetNotFoundError);
    expect(file.message).toContain('is a file; the path option takes the folder that holds MNIST\'s four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, each gzipped or not)');
    const half = join(box.root, 'half');
    mkdirSync(half);
    copyFileSync(join(realMnistDir(), T10K_IMAGES.name), join(half, T10K_IMAGES.name));
    copyFileSync(join(realMnistDir(), T10K_LABELS.name), join(half, T10K_LABELS.name));
    const missing = thrown(() => mnistSync({ path: half }), DatasetNotFoundError);
    expect(missing.file).toBe(half);
    expect(missing.message).toContain(`${half} (the path option) has no train-images-idx3-ubyte.gz, no train-labels-idx1-ubyte.gz (gzipped or not)`);
  });

  /** Writes `bytes` as the stand-in folder's train images and returns the error mnistSync throws. */
  const withTrainImages = (bytes: Uint8Array, gz = false): DatasetFormatError => {
    const dir = standIn();
    const name = gz ? TRAIN_IMAGES.name : 'train-images-idx3-ubyte';
    writeFileSync(join(dir, name), bytes);
    const err = thrown(() => mnistSync({ path: dir }), DatasetFormatError);
    expect(err.file).toBe(join(dir, name));
    expect(err.dataset).toBe('mnist');
    expect(err.message).toContain(join(dir, name));
    return err;
  };

  it('a truncated image file is a DatasetFormatError with the expected and actual sizes', () => {
    const cut = trainImages().subarray(0, 1_000_016);
    const e = withTrainImages(cut);
    expect([e.problem, e.expectedBytes, e.actualBytes]).toEqual(['truncated', 16 + 3000 * 784, 1_000_016]);
    const gz = gzipSync(trainImages());
    const g = withTrainImages(gz.subarray(0, Math.floor(gz.length / 2)), true);
    expect([g.problem, g.expectedBytes]).toEqual(['truncated', 16 + 3000 * 784]);
  });

  it('bad magic, a corrupt gzip, wrong dimensions and bad labels are each a named problem', () => {
    const images = trainImages();
    expect(withTrainImages(Buffer.concat([Buffer.from([1, 2]), images.subarray(2)])).problem).toBe('bad-magic');
    const gz = gzipSync(images);
    gz[gz.length - 6] ^= 0x55; // the length in the gzip trailer
    expect(withTrainImages(gz, true).problem).toBe('bad-gzip');
    // Well-formed idx, but [N, 784] instead of [N, 28, 28].
    const flat = Buffer.alloc(12 + 3000 * 784);
    flat.set([0, 0, 8, 2]);
    flat.writeUInt32BE(3000, 4);
    flat.writeUInt32BE(784, 8);
    const e = withTrainImages(flat);
    expect(e.problem).toBe('bad-shape');
    expect(e.message).toContain('is not an MNIST image file: it holds uint8 [3000, 784], where train-images-idx3-ubyte.gz holds uint8 [N, 28, 28] (magic number 0x00000803)');
    // 2,999 images for 3,000 labels.
    const fewer = Buffer.from(images.subarray(0, 16 + 2999 * 784));
    fewer.writeUInt32BE(2999, 4);
    const dir = standIn();
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), fewer);
    const count = thrown(() => mnistSync({ path: dir }), DatasetFormatError);
    expect(count.problem).toBe('bad-shape');
    expect(count.message).toContain(`${join(dir, TRAIN_LABELS.name)} has 3000 labels, but its image file ${join(dir, 'train-images-idx3-ubyte')} has 2999 images`);
    // A label of 10.
    const labels = Buffer.from(gunzipSync(readFileSync(join(dir, TRAIN_LABELS.name))));
    labels[8 + 17] = 10;
    writeFileSync(join(dir, TRAIN_LABELS.name), labels);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), images);
    const value = thrown(() => mnistSync({ path: dir }), DatasetFormatError);
    expect(value.problem).toBe('bad-value');
    expect(value.message).toContain("has the label 10 at index 17; MNIST's labels are 0-9");
  });

  it("with MNIST's training files but no test files, both splits come from the embedded digits", () => {
    // The embedded digits are MNIST training digits: as a test set next to the real training set they would
    // test on training data. The real training images are not in this repository's data, so the t10k pair
    // stands in for a located training pair here.
    const located = (name: string): LocatedFile => {
      const bytes = real(name);
      return { bytes, source: 'env', location: join(realMnistDir(), name), sha256: 'x', verified: true };
    };
    const o: ResolvedOptions = { path: undefined, limit: { train: Infinity, test: Infinity }, flatten: true, normalize: 'unit', quiet: false, fallback: true };
    const ds = assemble(
      {
        train: { ok: true, images: located(T10K_IMAGES.name), labels: located(T10K_LABELS.name) },
        test: { ok: false, missing: T10K_IMAGES, why: 't10k-images-idx3-ubyte.gz is not in X or the cache, and the download option is false' },
      },
      o,
    );
    expect(ds.sources.train.source).toBe('embedded');
    expect(ds.sources.test.source).toBe('embedded');
    expect(ds.train.images.shape).toEqual([8000, 784]);
    expect(ds.test.images.shape).toEqual([2000, 784]);
    expect(box.stderr()).toContain(
      "The embedded digits are MNIST training digits, so they cannot be a test set next to MNIST's training files: both splits use them.",
    );
    expect(() => assemble({ train: { ok: true, images: located(T10K_IMAGES.name), labels: located(T10K_LABELS.name) }, test: { ok: false, missing: T10K_IMAGES, why: 'gone' } }, { ...o, fallback: false })).toThrow(DatasetNotFoundError);
  });
});
