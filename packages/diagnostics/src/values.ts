/**
 * Reading the numbers a chart plots, from whatever the caller has: a `Tensor`, a typed array or a plain
 * array. Charts take all three so a notebook can pass `h` itself rather than `h.view(-1).tolist()`.
 */
import type { Tensor } from '@poise/tensor';

/** Numbers to plot: a `Tensor` (any shape, read in row-major order), a typed array, or a number array. */
export type Values = Tensor | ArrayLike<number>;

/**
 * Whether `v` is a tensor. Duck-typed rather than `instanceof`, so a tensor from another copy of
 * `@poise/tensor` (a notebook's, a bundled one) is still recognised.
 */
export function isTensor(v: unknown): v is Tensor {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Tensor).toTypedArray === 'function' &&
    Array.isArray((v as Tensor).shape)
  );
}

/** The values as a flat array-like of numbers (a tensor is read once, as a contiguous copy). */
export function toNumbers(values: Values): ArrayLike<number> {
  return isTensor(values) ? values.toTypedArray() : values;
}

/** The values as a plain `number[]`, for JSON data in a spec. */
export function toNumberArray(values: Values): number[] {
  return Array.from(toNumbers(values));
}

/** A matrix of numbers read from a 2-D tensor or an array of rows. */
export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major values, `rows * cols` of them. */
  data: ArrayLike<number>;
}

/** Reads a 2-D tensor or an array of equally long rows; `what` names the argument in errors. */
export function toMatrix(values: Tensor | ArrayLike<ArrayLike<number>>, what: string): Matrix {
  if (isTensor(values)) {
    if (values.shape.length !== 2) {
      throw new RangeError(`${what}: expected a 2-D tensor [rows, cols], got shape [${values.shape.join(', ')}]`);
    }
    return { rows: values.shape[0], cols: values.shape[1], data: values.toTypedArray() };
  }
  const rows = values.length;
  const cols = rows === 0 ? 0 : values[0].length;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = values[r];
    if (row.length !== cols) {
      throw new RangeError(`${what}: row ${r} has ${row.length} values, expected ${cols} like row 0`);
    }
    for (let c = 0; c < cols; c++) data[r * cols + c] = row[c];
  }
  return { rows, cols, data };
}

/**
 * Rounds to 8 significant digits for JSON, so specs stay small and readable (`0.1` rather than
 * `0.10000000149011612` from a float32): far finer than any plot resolves, coarse enough to drop noise.
 */
export function compact(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(8)) : x;
}
