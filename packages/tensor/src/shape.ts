/** Shape arithmetic shared by every op: sizes, strides, broadcasting and dimension wrapping. */

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major (C-order) strides, as PyTorch gives a freshly allocated tensor. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Validates a user-given shape: non-negative integers. */
export function checkShape(shape: unknown, op: string): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}`);
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: shape [${shape.map(String).join(',')}] has an invalid size ${String(d)}; sizes must be non-negative integers`); // not JSON: it prints NaN as null
    }
  }
  return shape.slice();
}

/** NumPy/PyTorch broadcasting: align trailing dims; each pair must be equal or contain a 1. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RangeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together ` +
          `(dimension ${i - n} has sizes ${da} and ${db})`,
      );
    }
  }
  return out;
}

/** Wraps a possibly negative dim into [0, rank), with PyTorch's error for out-of-range dims. */
export function normalizeDim(dim: number, rank: number, op: string): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) {
    throw new TypeError(`${op}: dim must be an integer, got ${String(dim)}`);
  }
  const r = Math.max(rank, 1); // a 0-d tensor accepts dim 0 and -1, like PyTorch
  if (dim < -r || dim >= r) {
    throw new RangeError(`${op}: dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}

/** Normalises `dim` arguments of reductions: undefined means all dims; duplicates are an error. */
export function normalizeDims(dims: number | readonly number[] | undefined, rank: number, op: string): number[] {
  if (dims === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out: number[] = [];
  for (const d of list) {
    const nd = rank === 0 ? (normalizeDim(d, rank, op), 0) : normalizeDim(d, rank, op);
    if (out.includes(nd)) throw new RangeError(`${op}: dim ${nd} appears multiple times in the list of dims`);
    out.push(nd);
  }
  if (rank === 0) return [];
  return out.sort((x, y) => x - y);
}
