/** Dirac-delta initialization of convolution weights, `torch.nn.init.dirac_`. */
import type { Tensor } from '@poise/tensor';
import { checkTarget, describe, valuesFor, writeValues } from './target';

/**
 * Fills the 3-, 4- or 5-D convolution weight `t` (`[out, in/groups, k1, (k2, (k3))]`) with the Dirac
 * delta in place and returns it (`torch.nn.init.dirac_(t, groups)`): within each of the `groups` blocks of
 * out/groups output channels, channel d gets a single 1 at input channel d and the centre tap
 * (`k // 2` along each kernel dim), for d < min(out/groups, in/groups); everything else is 0. A
 * convolution so initialised is the identity on as many channels as it can carry (Zagoruyko &
 * Komodakis 2017, "DiracNets: Training Very Deep Neural Networks Without Skip-Connections",
 * https://arxiv.org/abs/1706.00388).
 *
 * Other ranks, a `groups` that is not a positive integer, and `out % groups != 0` are RangeErrors.
 */
export function dirac<T extends Tensor>(t: T, groups = 1): T {
  checkTarget('dirac', t, false);
  const dims = t.ndim;
  if (dims < 3 || dims > 5) {
    throw new RangeError(`dirac: only tensors with 3, 4, or 5 dimensions are supported, got shape [${t.shape.join(', ')}]`);
  }
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`dirac: groups must be a positive integer, got ${describe(groups)}`);
  }
  const sizes = t.shape;
  if (sizes[0] % groups !== 0) throw new RangeError(`dirac: dim 0 (${sizes[0]}) must be divisible by groups (${groups})`);
  const outPerGroup = sizes[0] / groups;
  const minDim = Math.min(outPerGroup, sizes[1]);
  // Row-major offsets: the centre tap's offset within one [k1, k2, k3] kernel, and the kernel's size.
  let kernel = 1;
  let centre = 0;
  for (let k = 2; k < dims; k++) {
    centre = centre * sizes[k] + Math.floor(sizes[k] / 2);
    kernel *= sizes[k];
  }
  const values = valuesFor(t);
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < minDim; d++) {
      values[((g * outPerGroup + d) * sizes[1] + d) * kernel + centre] = 1;
    }
  }
  return writeValues(t, values);
}
