/**
 * Strided iteration for the JS backend. Every elementwise kernel, reduction and copy walks its operands
 * through this one helper: it first merges ("coalesces") dimensions that are laid out back to back in
 * every operand, so a contiguous or broadcast-scalar operand becomes a single flat run, then calls `run`
 * once per innermost row with the operands' offsets and inner strides. The per-element loops live in the
 * callers' `run` functions, monomorphic and allocation-free.
 */

export interface Coalesced {
  shape: number[];
  strides: number[][]; // one stride list per operand
}

/** Merges adjacent dims that are contiguous with respect to each other in every operand; drops size-1 dims. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    let mergeable = last >= 0;
    if (mergeable) {
      for (let k = 0; k < strides.length; k++) {
        if (outStrides[k][last] !== strides[k][d] * size) {
          mergeable = false;
          break;
        }
      }
    }
    if (mergeable) {
      outShape[last] *= size;
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else {
      outShape.push(size);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `run(n, offsets, innerStrides)` for every innermost row of `shape`. `offsets` is reused between
 * calls (read it, do not keep it). A zero-size shape makes no calls; a 0-d shape makes one call with n = 1.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  run: (n: number, offsets: number[], innerStrides: number[]) => void,
): void {
  for (let d = 0; d < shape.length; d++) if (shape[d] === 0) return;
  const c = coalesce(shape, strides);
  const k = strides.length;
  const rank = c.shape.length;
  const offs = offsets.slice();
  if (rank === 0) {
    run(1, offs, new Array<number>(k).fill(0));
    return;
  }
  const n = c.shape[rank - 1];
  const inner = c.strides.map((s) => s[rank - 1]);
  if (rank === 1) {
    run(n, offs, inner);
    return;
  }
  // Odometer over the outer dims.
  const outerRank = rank - 1;
  const counter = new Array<number>(outerRank).fill(0);
  const base = offsets.slice();
  for (;;) {
    for (let j = 0; j < k; j++) offs[j] = base[j];
    run(n, offs, inner);
    let d = outerRank - 1;
    for (; d >= 0; d--) {
      counter[d]++;
      for (let j = 0; j < k; j++) base[j] += c.strides[j][d];
      if (counter[d] < c.shape[d]) break;
      for (let j = 0; j < k; j++) base[j] -= c.strides[j][d] * c.shape[d];
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}
