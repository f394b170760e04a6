/**
 * Naive reference implementations for the property tests: flat row-major arrays of JS numbers (float64)
 * with a shape, computed index by index with no cleverness (no strides, no fast paths, no blocking), so
 * they are easy to check by eye and independent of every kernel under test.
 */
export interface Ref {
  shape: number[];
  data: number[];
}

export const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Row-major multi-index of flat position `i`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d] + idx[d];
  return i;
}

/** NumPy's broadcasting rule, or null if the shapes do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The element of `t` that position `idx` of the broadcast shape reads. */
function broadcastRead(t: Ref, idx: readonly number[]): number {
  const lead = idx.length - t.shape.length;
  const own = t.shape.map((s, d) => (s === 1 ? 0 : idx[lead + d]));
  return t.data[ravel(own, t.shape)];
}

export function binary(a: Ref, b: Ref, f: (x: number, y: number) => number): Ref {
  const shape = broadcastShape(a.shape, b.shape)!;
  const data = Array.from({ length: numel(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    return f(broadcastRead(a, idx), broadcastRead(b, idx));
  });
  return { shape, data };
}

/** Sums a broadcast-shaped array back down to `shape` (the gradient of broadcasting). */
export function sumTo(g: Ref, shape: readonly number[]): Ref {
  const out = new Array<number>(numel(shape)).fill(0);
  const lead = g.shape.length - shape.length;
  for (let i = 0; i < g.data.length; i++) {
    const idx = unravel(i, g.shape).slice(lead).map((v, d) => (shape[d] === 1 ? 0 : v));
    out[ravel(idx, shape)] += g.data[i];
  }
  return { shape: [...shape], data: out };
}

/** Reduces `dims` (non-negative, distinct) with `f` over the gathered values of each output cell. */
export function reduce(t: Ref, dims: readonly number[], keepdim: boolean, f: (values: number[]) => number): Ref {
  const keptShape = t.shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const groups: number[][] = Array.from({ length: numel(keptShape) }, () => []);
  for (let i = 0; i < t.data.length; i++) {
    const idx = unravel(i, t.shape).map((v, d) => (dims.includes(d) ? 0 : v));
    groups[ravel(idx, keptShape)].push(t.data[i]);
  }
  const shape = keepdim ? keptShape : t.shape.filter((_, d) => !dims.includes(d));
  return { shape, data: groups.map(f) };
}

export const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
export const mean = (v: number[]) => sum(v) / v.length;
export const max = (v: number[]) => Math.max(...v);
export const min = (v: number[]) => Math.min(...v);
export const variance = (correction: number) => (v: number[]) => {
  if (v.length === 0) return NaN; // PyTorch: the variance of nothing is NaN, whatever the correction
  const m = mean(v);
  return v.reduce((a, x) => a + (x - m) * (x - m), 0) / (v.length - correction);
};

export function permute(t: Ref, perm: readonly number[]): Ref {
  const shape = perm.map((p) => t.shape[p]);
  const data = Array.from({ length: t.data.length }, (_, i) => {
    const idx = unravel(i, shape);
    const src = new Array<number>(perm.length);
    perm.forEach((p, d) => (src[p] = idx[d]));
    return t.data[ravel(src, t.shape)];
  });
  return { shape, data };
}

/** torch.matmul: 1-D operands are promoted (and the added dim removed), batch dims broadcast. */
export function matmul(a: Ref, b: Ref): Ref {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0], 1], data: b.data } : b;
  const [n, k] = a2.shape.slice(-2);
  const m = b2.shape[b2.shape.length - 1];
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2))!;
  const shape = [...batch, n, m];
  const data = Array.from({ length: numel(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    const bi = idx.slice(0, -2);
    const [r, c] = idx.slice(-2);
    let acc = 0;
    for (let j = 0; j < k; j++) acc += broadcastRead(a2, [...bi, r, j]) * broadcastRead(b2, [...bi, j, c]);
    return acc;
  });
  let outShape = shape;
  if (a.shape.length === 1) outShape = outShape.filter((_, d) => d !== outShape.length - 2);
  if (b.shape.length === 1) outShape = outShape.slice(0, -1);
  return { shape: outShape, data };
}
