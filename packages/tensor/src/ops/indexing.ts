/** Gathering ops: `index` (PyTorch's `C[Xb]`) and `gather`, whose backward is a scatter-add. */
import { fmtShape, normalizeDim, numelOf } from '../shape';
import { Tensor } from '../tensor';
import { record, sameBackend, wrap } from './core';

function checkIndexTensor(op: string, index: unknown): asserts index is Tensor {
  if (!(index instanceof Tensor)) throw new TypeError(`${op}: index must be an int32 Tensor`);
  if (index.dtype !== 'int32') {
    throw new TypeError(`${op}: index must be an int32 tensor, got ${index.dtype} tensor of shape ${fmtShape(index.shape)}`);
  }
}

/**
 * Validates indices against `size` and wraps negative ones (as Python indexing does). Returns the index
 * tensor to use (the same one unless something was negative).
 */
function checkedIndices(op: string, index: Tensor, size: number, dim: number, allowNegative: boolean): Tensor {
  const values = index.storage.backend.read(index) as Int32Array;
  let negative = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= size || v < (allowNegative ? -size : 0)) {
      throw new RangeError(`${op}: index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    }
    if (v < 0) negative = true;
  }
  if (!negative) return index;
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] += size;
  return wrap(index.storage.backend, index.storage.backend.fromArray('int32', values), index.shape, 'int32');
}

/**
 * `x.index(idx)` is PyTorch's `x[idx]` for an integer tensor: rows of x (dim 0) picked by idx, with
 * result shape idx.shape + x.shape[1:]. The backward adds each row's gradient back into the picked row,
 * so repeated indices accumulate (an embedding's gradient).
 */
export function index(x: Tensor, idx: Tensor): Tensor {
  checkIndexTensor('index', idx);
  if (x.shape.length === 0) throw new RangeError('index: cannot index a 0-d tensor');
  const backend = sameBackend('index', x, idx);
  const safe = checkedIndices('index', idx, x.shape[0], 0, true);
  const rest = x.shape.slice(1);
  const data = backend.indexSelect(x, 0, safe);
  const out = wrap(backend, data, [...idx.shape, ...rest], x.dtype);
  return record(out, 'IndexBackward', [x], (g) => {
    const flat = g.reshape([numelOf(idx.shape), ...rest]);
    return [wrap(backend, backend.indexAdd(x.shape, 0, safe, flat), x.shape, g.dtype)];
  });
}

/** `torch.gather(x, dim, index)`: out[i][j] = x[i][index[i][j]] for dim 1, and so on. */
export function gather(x: Tensor, dim: number, idx: Tensor): Tensor {
  checkIndexTensor('gather', idx);
  const backend = sameBackend('gather', x, idx);
  const r = x.shape.length;
  const d = normalizeDim(dim, r, 'gather');
  if (idx.shape.length !== r) {
    throw new RangeError(`gather: index tensor must have the same number of dimensions as input tensor (${fmtShape(idx.shape)} vs ${fmtShape(x.shape)})`);
  }
  for (let k = 0; k < r; k++) {
    if (k !== d && idx.shape[k] > x.shape[k]) {
      throw new RangeError(`gather: size of index ${fmtShape(idx.shape)} does not fit input ${fmtShape(x.shape)} at dimension ${k}`);
    }
  }
  const safe = checkedIndices('gather', idx, x.shape[d], d, false);
  const out = wrap(backend, backend.gather(x, d, safe), idx.shape, x.dtype);
  return record(out, 'GatherBackward', [x], (g) => [wrap(backend, backend.scatterAdd(x.shape, d, safe, g), x.shape, g.dtype)]);
}
