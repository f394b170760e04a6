/**
 * A progress bar for long runs: redrawn in place on a terminal, and printed as a line every 10% when
 * the output is a file or CI log (so logs stay readable).
 */
export class ProgressBar {
  private lastPrinted = -1;
  private readonly start = performance.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, info = ''): void {
    const frac = this.total > 0 ? Math.min(done / this.total, 1) : 1;
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : 0;
    const pct = Math.floor(frac * 100);
    if (this.stream.isTTY) {
      const width = 30;
      const filled = Math.round(frac * width);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      this.stream.write(`\r${this.label} [${bar}] ${String(pct).padStart(3)}% ${done}/${this.total} ${info} eta ${eta.toFixed(0)}s `);
      if (done >= this.total) this.stream.write('\n');
    } else if (Math.floor(pct / 10) !== this.lastPrinted || done >= this.total) {
      if (done >= this.total && this.lastPrinted === 10) return;
      this.lastPrinted = Math.floor(pct / 10);
      this.stream.write(`${this.label} ${String(pct).padStart(3)}% ${done}/${this.total} ${info} (${elapsed.toFixed(1)}s)\n`);
    }
  }
}
