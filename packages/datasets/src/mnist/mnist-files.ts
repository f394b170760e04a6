/**
 * MNIST's four canonical files (LeCun, Cortes & Burges), as torchvision downloads them: from the
 * `ossci-datasets` S3 mirror that PyTorch maintains since yann.lecun.com stopped serving them reliably.
 *
 * Each file is pinned by SHA-256 (the package-wide rule) and listed with the MD5 that torchvision's
 * `datasets.MNIST.resources` checks, so the two pins can be compared. The SHA-256 and MD5 of t10k-images,
 * t10k-labels and train-labels were computed here from the files in the project's shared data folder, and
 * their MD5s equal torchvision's. train-images was not available here: its SHA-256 (gzipped and
 * decompressed) is the one that TensorFlow Datasets' MNIST checksums and several independent loaders publish
 * with its size (9,912,422 bytes), the same sources listing the other three files with exactly the
 * SHA-256s computed here; its MD5 is torchvision's `f68b3c2dcbeaaa9fbdd348bbdeb94873`. The first real
 * download checks it (a wrong pin would be a ChecksumMismatchError that names both hashes, never wrong
 * data). test/mnist-files.test.ts checks the pins of the other three files against their bytes.
 */
import type { DatasetFile } from '../files/dataset-file';

/** The mirror torchvision downloads MNIST from (`torchvision.datasets.MNIST.mirrors[0]`). */
export const MNIST_MIRROR = 'https://ossci-datasets.s3.amazonaws.com/mnist/';

export type MnistSplitName = 'train' | 'test';
export type MnistFileKind = 'images' | 'labels';

/** A canonical MNIST file: a DatasetFile with torchvision's MD5 and what the file holds. */
export interface MnistFile extends DatasetFile {
  /** The file name on the mirror, e.g. `t10k-images-idx3-ubyte.gz` (`fileName` has the `mnist/` folder). */
  name: string;
  /** The MD5 torchvision checks. */
  md5: string;
  split: MnistSplitName;
  kind: MnistFileKind;
  /** How many images or labels the file holds. */
  count: number;
  /** SHA-256 of the decompressed idx bytes (`name` without `.gz`), which recognizes a copy however it was compressed. */
  rawSha256: string;
  /** Size of the decompressed idx file in bytes. */
  rawSize: number;
}

function file(
  name: string, split: MnistSplitName, kind: MnistFileKind, count: number,
  size: number, sha256: string, md5: string, rawSha256: string,
): MnistFile {
  const rawSize = kind === 'images' ? 16 + count * 28 * 28 : 8 + count;
  return {
    dataset: 'mnist', fileName: `mnist/${name}`, url: `${MNIST_MIRROR}${name}`, sha256, size, pathFolder: "copies of MNIST's four idx files",
    name, md5, split, kind, count, rawSha256, rawSize,
  };
}

/** The four files, by split and kind. They live in `$POISE_DATA/mnist/` and `<cache>/mnist/`. */
export const MNIST_FILES: Readonly<Record<MnistSplitName, Readonly<Record<MnistFileKind, MnistFile>>>> = {
  train: {
    images: file(
      'train-images-idx3-ubyte.gz', 'train', 'images', 60_000, 9_912_422,
      '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609', 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
      'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    ),
    labels: file(
      'train-labels-idx1-ubyte.gz', 'train', 'labels', 60_000, 28_881,
      '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c', 'd53e105ee54ea40749a09fcbcd1e9432',
      '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    ),
  },
  test: {
    images: file(
      't10k-images-idx3-ubyte.gz', 'test', 'images', 10_000, 1_648_877,
      '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6', '9fb629c4189551a2d022fa330f9573f3',
      '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
    ),
    labels: file(
      't10k-labels-idx1-ubyte.gz', 'test', 'labels', 10_000, 4_542,
      'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6', 'ec29112dd5afa0611ce80d1b7f02629c',
      'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    ),
  },
};

/** Image side in pixels. */
export const MNIST_SIDE = 28;
/** Pixels per image. */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/**
 * The mean and standard deviation of MNIST's training pixels in [0, 1], as PyTorch's MNIST example
 * normalizes with (`transforms.Normalize((0.1307,), (0.3081,))`).
 */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
