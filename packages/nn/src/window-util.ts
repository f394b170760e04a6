/** Helpers for the convolution and pooling layers: checking int-or-pair settings and printing them as PyTorch does. */

/** An integer or [h, w] pair of integers >= min, as [h, w]. */
export function pairArg(layer: string, what: string, value: unknown, min: number): [number, number] {
  const v: unknown[] | null = typeof value === 'number' ? [value, value] : Array.isArray(value) ? value : null;
  if (v === null || v.length !== 2 || !v.every((e) => typeof e === 'number' && Number.isInteger(e) && e >= min)) {
    const rule = min === 0 ? 'non-negative' : 'positive';
    throw new RangeError(`${layer}: ${what} must be a ${rule} integer or a pair [h, w] of them, got ${show(value)}`);
  }
  return [v[0] as number, v[1] as number];
}

/** Python's repr of an int or a tuple: `3`, `(3, 3)`, `(None, 3)`. */
export function reprSize(v: number | null | readonly (number | null)[]): string {
  if (Array.isArray(v)) return `(${v.map((e) => (e === null ? 'None' : String(e))).join(', ')})`;
  return v === null ? 'None' : String(v);
}

export function reprBool(v: boolean): string {
  return v ? 'True' : 'False';
}

function show(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(show).join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v);
}
