/**
 * The makemore report: a Markdown table of split losses and tanh-layer statistics per variant, and the
 * seeds' plots (loss curves, the histogram of h and the |h| > 0.99 saturation map at initialisation)
 * rendered to SVG by @poise/diagnostics.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tensor } from '@poise/tensor';
import { histograms, lossCurves, saturationMap, type Chart } from '@poise/diagnostics';
import { VARIANT_DESCRIPTIONS } from './model';
import { smoothLoss, type MakemoreResult } from './study';

export interface ReportFiles {
  markdown: string;
  charts: string[];
}

/** The charts of the report, keyed by file name; also used by the notebooks and docs. */
export function makemoreCharts(results: readonly MakemoreResult[]): Record<string, Chart> {
  const charts: Record<string, Chart> = {
    'makemore-loss.svg': lossCurves(
      results.map((r) => {
        const s = smoothLoss(r.lossi);
        return { name: r.variant, x: s.step, y: s.value };
      }),
      { title: 'Training loss (log10, window mean)', xLabel: 'step', yLabel: 'log10 loss' },
    ),
    'makemore-h-hist.svg': histograms(
      results.map((r) => ({ name: r.variant, values: r.initial.h })),
      { title: 'tanh activations h at step 0 (plt.hist(h.view(-1), 50))', bins: 50 },
    ),
  };
  for (const r of results) {
    charts[`makemore-saturation-${r.variant}.svg`] = saturationMap(tensor(r.initial.h, { shape: r.initial.shape }), {
      title: `${r.variant}: |h| > 0.99 at step 0 (white = saturated)`,
    });
  }
  return charts;
}

export function makemoreMarkdown(results: readonly MakemoreResult[], chartPaths: Record<string, string>): string {
  const r0 = results[0];
  const lines: string[] = [];
  lines.push('# makemore: initialization and batch normalization');
  lines.push('');
  lines.push(
    `The seeds' character-level MLP (27-char vocabulary, block size 3, 10-d embeddings, 200 tanh units) trained with ` +
      `batch size ${r0.config.batchSize} and learning rate 0.1 (0.01 from step ${r0.config.decayAt}) for ${r0.config.steps} steps ` +
      `(scale: **${r0.scale}**), from generator seed ${r0.config.seed}. Data: ${r0.dataSource}.`,
  );
  lines.push('');
  lines.push('| variant | initial loss | train | val | test | saturated at step 0 | dead units at step 0 | saturated at the end | seconds |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${r.variant} | ${r.initialLoss.toFixed(4)} | ${r.splits.train.toFixed(4)} | ${r.splits.val.toFixed(4)} | ${r.splits.test.toFixed(4)} | ` +
        `${(100 * r.initial.saturation).toFixed(1)}% | ${r.initial.deadUnits} / ${r.initial.shape[1]} | ${(100 * r.final.saturation).toFixed(1)}% | ${r.seconds.toFixed(1)} |`,
    );
  }
  lines.push('');
  lines.push("The seed's published batch-norm result after 200,000 steps: train 2.0674, val 2.1057, test 2.1070.");
  lines.push('');
  for (const r of results) lines.push(`- **${r.variant}**: ${VARIANT_DESCRIPTIONS[r.variant]}.`);
  lines.push('');
  for (const [name, path] of Object.entries(chartPaths)) lines.push(`![${name.replace(/\.svg$/, '')}](${path})`, '');
  return lines.join('\n');
}

/** Writes `makemore.md` and its SVG charts into `outDir` (default `reports/`). */
export async function writeMakemoreReport(results: readonly MakemoreResult[], outDir = 'reports'): Promise<ReportFiles> {
  const chartDir = join(outDir, 'makemore');
  mkdirSync(chartDir, { recursive: true });
  const charts = makemoreCharts(results);
  const paths: Record<string, string> = {};
  const written: string[] = [];
  for (const [name, chart] of Object.entries(charts)) {
    const file = join(chartDir, name);
    writeFileSync(file, await chart.toSVG());
    paths[name] = relative(outDir, file);
    written.push(file);
  }
  const markdown = join(outDir, 'makemore.md');
  writeFileSync(markdown, makemoreMarkdown(results, paths));
  return { markdown, charts: written };
}

/** The `--json` summary of one run: the fields every study shares, plus makemore's own. */
export function makemoreSummary(r: MakemoreResult): Record<string, unknown> {
  const curve = smoothLoss(r.lossi);
  return {
    study: r.study,
    variant: r.variant,
    scale: r.scale,
    splits: r.splits,
    seconds: r.seconds,
    steps: r.config.steps,
    initialLoss: r.initialLoss,
    finalLoss: r.finalLoss,
    saturation: { initial: r.initial.saturation, final: r.final.saturation },
    deadUnits: { initial: r.initial.deadUnits, final: r.final.deadUnits },
    lossCurve: { step: curve.step, log10Loss: curve.value },
    dataSource: r.dataSource,
  };
}
