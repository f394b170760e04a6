/**
 * Equal-width binning with numpy's rule, so `histogram(h, { bins: 50 })` draws the bars that the seeds'
 * `plt.hist(h.view(-1).tolist(), 50)` draws.
 *
 * We bin here rather than with Vega-Lite's `bin` transform because Vega-Lite picks "nice" bin edges and
 * a bin count near, not equal to, `maxbins`; and because a spec that carries 50 counts instead of every
 * value stays small enough to embed in a page (a 32x200 activation is 6,400 values).
 */
import { compact } from './values';

export interface Bins {
  /** `bins + 1` edges, increasing; bin `i` is `[edges[i], edges[i+1])`, the last one closed. */
  edges: number[];
  /** How many values fell in each bin. */
  counts: number[];
  /** How many values were binned (non-finite values are skipped). */
  total: number;
}

/**
 * Bins the finite values into `bins` equal-width bins over `[min, max]` (numpy's `histogram`: the last
 * bin includes `max`; when every value is equal the range is `[v - 0.5, v + 0.5]`). NaN and ±Infinity
 * are skipped, as there is no bar to put them in.
 */
export function binValues(values: ArrayLike<number>, bins: number, range?: [number, number]): Bins {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, got ${bins}`);
  let lo = Infinity;
  let hi = -Infinity;
  if (range) {
    [lo, hi] = range;
  } else {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo === Infinity) [lo, hi] = [0, 1]; // nothing finite: an empty histogram over [0, 1], like numpy
  }
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  edges[bins] = hi;
  const counts = new Array<number>(bins).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    const k = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[k]++;
    total++;
  }
  return { edges, counts, total };
}

/** One row per bin, `{ x0, x1, count, density }`, ready for a bar or line mark. */
export function binRows(b: Bins): { x0: number; x1: number; count: number; density: number }[] {
  return b.counts.map((count, i) => {
    const x0 = b.edges[i];
    const x1 = b.edges[i + 1];
    return { x0: compact(x0), x1: compact(x1), count, density: b.total === 0 ? 0 : compact(count / (b.total * (x1 - x0))) };
  });
}
