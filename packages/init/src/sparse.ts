/**
 * Sparse initialization, `torch.nn.init.sparse_`: Martens 2010, "Deep learning via Hessian-free
 * optimization", which connects each unit to only a few units of the previous layer so that units are
 * less correlated at the start. Each column of a weight `[out, in]` (one input's fan-out) gets a fixed
 * fraction of exact zeros; the rest is N(0, std^2).
 */
import { randperm, readValues, rng, type Tensor } from '@poise/tensor';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

export interface SparseOptions extends GeneratorOptions {
  /** Standard deviation of the non-zero values (>= 0). Default 0.01. */
  std?: number;
}

/**
 * Fills the 2-D tensor `t` (`[rows, cols]`, a linear weight `[out, in]`) in place and returns it
 * (`torch.nn.init.sparse_(t, sparsity, std)`): first every element from N(0, std^2) (`normal_(0, std)`),
 * then, column by column, `ceil(sparsity * rows)` rows chosen by `randperm(rows)` (its first entries) are
 * set to 0. Same draws in the same order as PyTorch 1.13, so the result is bit-exact in float32 (float64:
 * the normal values as in `normal`, the zeros exactly).
 *
 * `sparsity` must be in [0, 1]; other ranks are RangeErrors.
 *
 * Paper: Martens 2010, "Deep learning via Hessian-free optimization" (ICML), its "sparse initialization":
 * W[i][j] ~ N(0, std^2), except ceil(sparsity * rows) zeros in each column.
 */
export function sparse<T extends Tensor>(t: T, sparsity: number, opts: SparseOptions = {}): T {
  checkTarget('sparse', t, true);
  if (t.ndim !== 2) throw new RangeError(`sparse: only tensors with 2 dimensions are supported, got shape [${t.shape.join(', ')}]`);
  checkFinite('sparse', 'sparsity', sparsity);
  if (sparsity < 0 || sparsity > 1) throw new RangeError(`sparse: sparsity must be in [0, 1], got ${sparsity}`);
  const std = opts.std ?? 0.01;
  checkFinite('sparse', 'std', std);
  if (std < 0) throw new RangeError(`sparse: std must be >= 0, got ${std}`);
  const gen = generatorOf('sparse', opts);
  const [rows, cols] = t.shape;
  const numZeros = Math.min(Math.ceil(sparsity * rows), rows);
  const values = rng.fillNormal(floatValuesFor(t), gen, 0, std);
  for (let c = 0; c < cols; c++) {
    const perm = readValues(randperm(rows, { generator: gen }));
    for (let k = 0; k < numZeros; k++) values[perm[k] * cols + c] = 0;
  }
  return writeValues(t, values);
}
