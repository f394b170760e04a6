/**
 * MNIST for the study, through @poise/datasets (explicit path, $POISE_DATA, cache, download, else the
 * embedded 10k digits), standardized as torchvision's Normalize((0.1307,), (0.3081,)) and average-pooled to
 * `side` x `side` so that 30-layer nets train in minutes on a CPU.
 */
import { avgPool2d, type Tensor } from '@poise/tensor';
import { mnist } from '@poise/datasets';

export interface He2015Data {
  train: { images: Tensor; labels: Tensor };
  test: { images: Tensor; labels: Tensor };
  side: number;
  /** Where each split came from, for the report. */
  source: { train: string; test: string };
}

export async function loadHe2015Data(opts: { side: number; trainLimit?: number; testLimit?: number; path?: string }): Promise<He2015Data> {
  const { side } = opts;
  if (!Number.isInteger(side) || side < 1 || 28 % side !== 0) {
    throw new RangeError(`he2015: side must divide 28 (28, 14, 7, 4, 2, 1), got ${side}`);
  }
  const d = await mnist({
    flatten: false,
    normalize: 'standard',
    quiet: true,
    ...(opts.path ? { path: opts.path } : {}),
    // undefined keeps a whole split
    limit: { train: opts.trainLimit, test: opts.testLimit },
  });
  const k = 28 / side;
  const pool = (x: Tensor) => (k === 1 ? x : avgPool2d(x, k));
  return {
    train: { images: pool(d.train.images), labels: d.train.labels },
    test: { images: pool(d.test.images), labels: d.test.labels },
    side,
    source: { train: d.sources.train.description, test: d.sources.test.description },
  };
}
