/**
 * The statistics the recorders take, as loops over typed arrays: a recorder sees each layer's output (and
 * gradient) once per sampled step, and one pass in float64 is cheaper than building tensors for
 * `mean()`, `std()` and comparisons.
 */

/** Mean and standard deviation; `std` is unbiased (n - 1), as `torch.std` and the seeds' `.std()`. */
export interface Moments {
  mean: number;
  std: number;
}

/**
 * Mean and unbiased std in float64, in one pass over the values shifted by the first one (the "shifted
 * data" algorithm: as exact as two passes unless the spread is tiny next to the distance from the first
 * value, far from the case for activations and weights). NaN for an empty array, std NaN for one value.
 */
export function moments(v: ArrayLike<number>): Moments {
  const n = v.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const k = v[0];
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = v[i] - k;
    s += d;
    ss += d * d;
  }
  return finishMoments(n, k, s, ss);
}

/** Mean and unbiased std of `after[i] - before[i]` (an update, from the values after and before a step). */
export function differenceMoments(after: ArrayLike<number>, before: ArrayLike<number>): Moments {
  const n = Math.min(after.length, before.length);
  if (n === 0) return { mean: NaN, std: NaN };
  const k = after[0] - before[0];
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = after[i] - before[i] - k;
    s += d;
    ss += d * d;
  }
  return finishMoments(n, k, s, ss);
}

function finishMoments(n: number, shift: number, s: number, ss: number): Moments {
  const mean = shift + s / n;
  if (n < 2) return { mean, std: NaN };
  const variance = (ss - (s * s) / n) / (n - 1);
  return { mean, std: Math.sqrt(variance < 0 ? 0 : variance) }; // rounding can make it slightly negative; NaN stays NaN
}

/**
 * How values of shape [N, C, ...rest] are laid out as units: C units (dim 1; channels of a conv layer),
 * each seen N * prod(rest) times. A 0-D or 1-D tensor is one unit.
 */
export interface UnitLayout {
  units: number;
  /** prod(rest): positions per example and unit. */
  inner: number;
  /** N: examples. */
  outer: number;
}

export function unitLayout(shape: readonly number[]): UnitLayout {
  if (shape.length < 2) return { units: 1, inner: shape.length === 1 ? shape[0] : 1, outer: 1 };
  let inner = 1;
  for (let d = 2; d < shape.length; d++) inner *= shape[d];
  return { units: shape[1], inner, outer: shape[0] };
}

/** The share of values outside a range, and the share of units whose values all are. */
export interface HitStats {
  /** Fraction of all values outside the range (e.g. saturated outputs). */
  fraction: number;
  /** Fraction of units with every value outside it (saturated or inactive on every example): dead units. */
  unitFraction: number;
  /** How many units that is. */
  unitCount: number;
  units: number;
}

/**
 * Counts values outside [lo, hi] (NaN counts as outside), and units whose every value, over examples and
 * positions, is outside. Tanh saturation is outside [-0.99, 0.99]; a ReLU output is inactive outside
 * [Number.MIN_VALUE, Infinity], i.e. where it is 0.
 */
export function outsideStats(values: ArrayLike<number>, shape: readonly number[], lo: number, hi: number): HitStats {
  const { units, inner, outer } = unitLayout(shape);
  const always = new Uint8Array(units).fill(1);
  let hits = 0;
  let i = 0;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < units; c++) {
      let unitAll = always[c];
      for (let r = 0; r < inner; r++, i++) {
        const v = values[i];
        const out = v >= lo && v <= hi ? 0 : 1;
        hits += out;
        unitAll &= out;
      }
      always[c] = unitAll;
    }
  }
  let unitCount = 0;
  for (let c = 0; c < units; c++) unitCount += always[c];
  const total = values.length;
  return {
    fraction: total === 0 ? NaN : hits / total,
    unitFraction: units === 0 || total === 0 ? NaN : unitCount / units,
    unitCount,
    units,
  };
}

/** The values of one unit (index along dim 1), over examples and positions, as float64. */
export function unitValues(values: ArrayLike<number>, shape: readonly number[], unit: number): Float64Array {
  const { units, inner, outer } = unitLayout(shape);
  if (!Number.isInteger(unit) || unit < 0 || unit >= units) {
    throw new RangeError(`percentiles: unit ${unit} is out of range for ${units} units (dim 1 of shape [${shape.join(', ')}])`);
  }
  const out = new Float64Array(outer * inner);
  let k = 0;
  for (let n = 0; n < outer; n++) {
    const base = (n * units + unit) * inner;
    for (let r = 0; r < inner; r++) out[k++] = values[base + r];
  }
  return out;
}

/**
 * Percentiles with numpy's (and torch.quantile's) default linear interpolation: for q, the value at
 * rank q * (n - 1) of the sorted values, interpolated between its neighbours. `qs` are fractions in
 * [0, 1]. NaN if any value is NaN or there are none.
 *
 * Exact, without sorting: one pass finds the range, one counts the values into equal-width bins, and a
 * third collects the few values of the bins that hold the wanted ranks, which alone are sorted. Three
 * passes of predictable work: on a 32x200 layer about 5x faster than sorting a copy, and on a par with
 * quickselect (whose comparisons on random data defeat the branch predictor).
 */
export function percentiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => NaN);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== v) return qs.map(() => NaN);
  }
  if (min === max) return qs.map(() => min);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !Number.isFinite(max - min)) return sortedPercentiles(values, qs);
  const bins = Math.max(1, Math.min(4096, n >> 2));
  const scale = bins / (max - min);
  const last = bins - 1;
  const counts = new Int32Array(bins);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((values[i] - min) * scale);
    counts[b > last ? last : b]++;
  }
  const start = new Int32Array(bins + 1); // start[b]: rank of bin b's smallest value
  for (let b = 0; b < bins; b++) start[b + 1] = start[b] + counts[b];
  // The ranks we need (floor and ceil of q * (n - 1)) and the bins they fall in; the values of those bins.
  const ranks = qs.flatMap((q) => {
    const pos = q * (n - 1);
    return [Math.floor(pos), Math.min(n - 1, Math.ceil(pos))];
  });
  const slot = new Int32Array(bins).fill(-1);
  const picked: number[] = [];
  for (const r of ranks) {
    const b = binOfRank(start, bins, r);
    if (slot[b] < 0) {
      slot[b] = picked.length;
      picked.push(b);
    }
  }
  const buffers = picked.map((b) => new Float64Array(counts[b]));
  const filled = new Int32Array(picked.length);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const b = Math.floor((v - min) * scale);
    const k = slot[b > last ? last : b];
    if (k >= 0) buffers[k][filled[k]++] = v;
  }
  for (const buf of buffers) buf.sort();
  const valueAt = (r: number): number => {
    const b = binOfRank(start, bins, r);
    return buffers[slot[b]][r - start[b]];
  };
  return qs.map((q) => {
    const pos = q * (n - 1);
    const k = Math.floor(pos);
    const v = valueAt(k);
    const frac = pos - k;
    return frac > 0 ? v + (valueAt(Math.min(n - 1, k + 1)) - v) * frac : v;
  });
}

/** The bin holding rank r: the last b with start[b] <= r (never an empty bin, since start[b + 1] > r). */
function binOfRank(start: Int32Array, bins: number, r: number): number {
  let lo = 0;
  let hi = bins - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (start[mid] <= r) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The same by a full sort (for values with infinities, where bins cannot be laid out). */
function sortedPercentiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const a = new Float64Array(values.length);
  for (let i = 0; i < a.length; i++) a[i] = values[i];
  a.sort();
  const n = a.length;
  return qs.map((q) => {
    const pos = q * (n - 1);
    const k = Math.floor(pos);
    const frac = pos - k;
    return frac > 0 ? a[k] + (a[Math.min(n - 1, k + 1)] - a[k]) * frac : a[k];
  });
}
