/** Renders result rows as a plain-text table (what `npm run bench` prints). */
import { describeTarget, fmtRatio, fmtTime, judge, type Target, type Verdict } from './stats';

export type Impl = 'poise' | 'tfjs' | 'torch';

/** One workload's outcome: per-implementation medians (seconds per step) and poise/peer ratios. */
export interface ResultRow {
  id: string;
  title: string;
  /** Median seconds per step, by implementation (absent: not run or skipped). */
  median: Partial<Record<Impl, number>>;
  /** Relative spread (MAD / median) of the samples, by implementation. */
  spread: Partial<Record<Impl, number>>;
  /** All per-step samples in seconds, one per round, by implementation. */
  samples: Partial<Record<Impl, number[]>>;
  /** poise time / peer time, paired per round. */
  ratio: Partial<Record<'torch' | 'tfjs', number>>;
  /** Floating-point operations per step (matmul rows), for GFLOP/s. */
  flops?: number;
  /** GFLOP/s by implementation (when flops is known). */
  gflops?: Partial<Record<Impl, number>>;
  /** poise's GFLOP/s as a fraction of one core's WASM-SIMD peak. */
  peakFraction?: number;
  targets: Target[];
  verdicts: Verdict[];
  /** Process RSS (bytes) after the workload: node (poise and tfjs share it) and the PyTorch process's peak. */
  rss: { node?: number; torch?: number };
}

export function finishRow(row: Omit<ResultRow, 'verdicts'>): ResultRow {
  return { ...row, verdicts: row.targets.map((t) => judge(t, row.ratio, row.peakFraction)) };
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

/** The table: one line per workload with medians, ratios, GFLOP/s where known, and each target's verdict. */
export function renderTable(rows: readonly ResultRow[]): string {
  const header = ['workload', 'poise', 'torch', 'tfjs', 'poise/torch', 'poise/tfjs', 'GFLOP/s p|t|tf', 'target', 'verdict'];
  const lines: string[][] = [header];
  for (const r of rows) {
    const gf = r.gflops
      ? [r.gflops.poise, r.gflops.torch, r.gflops.tfjs].map((g) => (g === undefined ? '-' : g.toFixed(1))).join(' | ') +
        (r.peakFraction !== undefined ? ` (${Math.round(r.peakFraction * 100)}% pk)` : '')
      : '';
    const tgt = r.targets.map(describeTarget).join('; ');
    const ver = r.verdicts.join('; ');
    lines.push([
      r.title,
      fmtTime(r.median.poise),
      fmtTime(r.median.torch),
      fmtTime(r.median.tfjs),
      fmtRatio(r.ratio.torch),
      fmtRatio(r.ratio.tfjs),
      gf,
      tgt,
      ver,
    ]);
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const numeric = new Set([1, 2, 3, 4, 5]);
  const out = lines.map((l) => l.map((cell, c) => pad(cell, widths[c], numeric.has(c))).join('  ').trimEnd());
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}
