/**
 * MNIST for the study, through @poise/datasets ($POISE_DATA, the cache, a download, or the embedded 10,000
 * training digits). Images are kept as [N, 1, 28, 28] in [0, 1]; the MLP views them as [N, 784].
 */
import { mnist, type MnistSplit } from '@poise/datasets';
import type { Tensor } from '@poise/tensor';

export interface Split {
  images: Tensor;
  labels: Tensor;
}

export interface Ioffe2015Data {
  train: Split;
  test: Split;
  /** Where each split came from, in words (for the report). */
  source: string;
}

function describe(s: { source: string; canonical?: boolean; description?: string }, n: number): string {
  return `${n.toLocaleString('en-US')} images from ${s.description ?? s.source}`;
}

/** Loads MNIST ([N, 1, 28, 28] float32 in [0, 1], int32 labels). */
export async function loadIoffe2015Data(opts: { path?: string; quiet?: boolean } = {}): Promise<Ioffe2015Data> {
  const { train, test, sources } = await mnist({ path: opts.path, quiet: opts.quiet ?? true, flatten: false });
  const src = (s: MnistSplit, which: 'train' | 'test') => describe(sources[which], s.images.shape[0]);
  return { train, test, source: `train: ${src(train, 'train')}; test: ${src(test, 'test')}` };
}

/** The first `n` examples of a split (all of them when n is larger). */
export function head(split: Split, n: number): Split {
  const k = Math.min(n, split.images.shape[0]);
  return { images: split.images.narrow(0, 0, k), labels: split.labels.narrow(0, 0, k) };
}
