/** Matrix products with PyTorch's `matmul` rules for 1-D, 2-D and batched (broadcast) operands. */
import { broadcastShapes, fmtShape } from '../shape';
import { Tensor } from '../tensor';
import { broadcastView, checkFloat, record, sameBackend, sumTo, wrap } from './core';

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError('matmul: both arguments must be Tensors');
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new RangeError(`matmul: both arguments need at least 1 dimension, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(`matmul: expected both tensors to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  }
  checkFloat('matmul', a, 'tensor');
  // 1-D operands become a row (left) or a column (right) matrix, and the added dim is removed afterwards.
  const a2 = a.shape.length === 1 ? a.unsqueeze(0) : a;
  const b2 = b.shape.length === 1 ? b.unsqueeze(1) : b;
  const k1 = a2.shape[a2.shape.length - 1];
  const k2 = b2.shape[b2.shape.length - 2];
  if (k1 !== k2) {
    throw new RangeError(`matmul: cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)}: inner dimensions ${k1} and ${k2} differ`);
  }
  let out = batchedMatmul(a2, b2, a.shape, b.shape);
  if (a.shape.length === 1) out = out.squeeze(-2);
  if (b.shape.length === 1) out = out.squeeze(-1);
  return out;
}

/** [...batchA, M, K] @ [...batchB, K, N] -> [...broadcast(batchA, batchB), M, N]. */
function batchedMatmul(a: Tensor, b: Tensor, origA: readonly number[], origB: readonly number[]): Tensor {
  const backend = sameBackend('matmul', a, b);
  const ra = a.shape.length, rb = b.shape.length;
  const M = a.shape[ra - 2], K = a.shape[ra - 1], N = b.shape[rb - 1];
  let batch: number[];
  try {
    batch = broadcastShapes(a.shape.slice(0, ra - 2), b.shape.slice(0, rb - 2), 'matmul');
  } catch {
    throw new RangeError(`matmul: batch dimensions of ${fmtShape(origA)} and ${fmtShape(origB)} cannot be broadcast together`);
  }
  const av = broadcastView(a, [...batch, M, K]);
  const bv = broadcastView(b, [...batch, K, N]);
  const out = wrap(backend, backend.matmul(av, bv), [...batch, M, N], a.dtype);
  // When b is a transposed view of a dense matrix (x @ W.t() in Linear), its gradient a^T g is computed as
  // (g^T a)^T: the same products, but the result is a transposed view of a dense [N, K] matrix, so the
  // TransposeBackward above it hands W a dense gradient (no strided copy into .grad), and the transpose a
  // backend makes for the product is of g [M, N] rather than of a [M, K].
  const bTransposed = rb === 2 && ra === 2 && b.strides[0] === 1 && b.strides[1] === K && K > 1 && N > 1;
  return record(out, 'MmBackward', [a, b], (g) => [
    a.requiresGrad ? sumTo(g.matmul(bv.mT), a.shape) : null,
    b.requiresGrad ? (bTransposed ? g.mT.matmul(av).mT : sumTo(av.mT.matmul(g), b.shape)) : null,
  ], [a, b]);
}
