/**
 * `report(recorder)`: one row per watched layer at one step, with the numbers and a verdict in words:
 * saturated, dead units, vanishing or exploding gradients (or signal), update ratio far from 1e-3. Prints
 * as an aligned text table (`toString()`, also what `console.log(report)` shows), and renders as Markdown
 * and HTML for notebooks. The thresholds are the named constants of `thresholds.ts`.
 */
import { inspect } from 'node:util';
import type { LayerSeries, ParameterSeries, PercentileUnit, Recorder } from './recorder';
import {
  ACTIVATION_RATIO_LIMIT,
  DEAD_UNITS_PROBLEM,
  DEAD_UNITS_WARNING,
  GRADIENT_RATIO_LIMIT,
  MIN_LAYERS_FOR_DEPTH_VERDICT,
  SATURATION_PROBLEM,
  SATURATION_WARNING,
  UPDATE_RATIO_TARGET_LOG10,
  UPDATE_RATIO_TOLERANCE_LOG10,
} from './thresholds';

export type Severity = 'warning' | 'problem';
export type Status = 'ok' | Severity;

export type IssueCode =
  | 'non-finite'
  | 'saturated'
  | 'dead-units'
  | 'vanishing-gradients'
  | 'exploding-gradients'
  | 'vanishing-activations'
  | 'exploding-activations'
  | 'update-too-small'
  | 'update-too-large'
  | 'no-update';

/** One finding about a layer: a code to test against, its severity, and a sentence with the numbers. */
export interface ReportIssue {
  code: IssueCode;
  severity: Severity;
  /** The verdict in a few words with its number: `saturated (61.0% > 25%)`. */
  verdict: string;
  /** A sentence: what was measured, the threshold, and where the threshold comes from. */
  message: string;
}

/** One watched layer at the report's step. Numbers are null where they do not apply or were not recorded. */
export interface ReportRow {
  /** The dotted module name (`'2'`; `''` for the model itself). */
  name: string;
  /** `'2 (Tanh)'`. */
  label: string;
  type: string;
  /** Output mean and std. */
  mean: number | null;
  std: number | null;
  /** Saturated fraction of outputs (tanh, sigmoid). */
  saturation: number | null;
  /** Dead units (tanh/sigmoid: saturated on every example; ReLU: never active) and the layer's unit count. */
  deadFraction: number | null;
  deadUnits: number | null;
  units: number;
  /** Pre-activation percentiles (activation layers) and which values they are over. */
  p15: number | null;
  p50: number | null;
  p85: number | null;
  percentileUnit: PercentileUnit | null;
  /** Mean and std of the gradient of the loss with respect to the output. */
  gradMean: number | null;
  gradStd: number | null;
  /** The layer's weight (its first parameter of 2+ dims) and its ratios at this step. */
  weight: string | null;
  gradToData: number | null;
  log10UpdateRatio: number | null;
  status: Status;
  issues: ReportIssue[];
  /** `ok`, or the issues' verdicts joined by `; `. */
  verdict: string;
}

export interface Report {
  /** The step the rows describe. */
  step: number;
  rows: ReportRow[];
  /** The worst status of any row. */
  status: Status;
  /** Counts of rows with problems and with warnings (and no problem). */
  problems: number;
  warnings: number;
  /** The row of a layer by dotted name or label. */
  row(name: string): ReportRow;
  /** An aligned text table followed by one line per issue. */
  toString(): string;
  /** A Markdown table (for notebooks and reports) followed by the issues as a list. */
  toMarkdown(): string;
  /** An HTML table with coloured verdicts, for `tslab.display.html(report.toHTML())`. */
  toHTML(): string;
}

export interface ReportOptions {
  /** The step to report on. Default: the latest step any layer recorded. */
  step?: number;
}

// ---- numbers -------------------------------------------------------------------------------------------

const finite = (x: number | undefined | null): number | null => (x === undefined || x === null || Number.isNaN(x) ? null : x);

/** A number for a table: 3 significant digits, exponent form outside [1e-3, 1e4). */
export function formatNumber(x: number | null): string {
  if (x === null) return '';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e4) return x.toExponential(1).replace('e+', 'e');
  return Number(x.toPrecision(3)).toString();
}

const pct = (x: number | null, digits = 1): string => (x === null ? '' : `${(100 * x).toFixed(digits)}%`);

// ---- verdicts ------------------------------------------------------------------------------------------

function at(series: LayerSeries, step: number): number {
  return series.steps.lastIndexOf(step);
}

function pick(a: number[], i: number): number | null {
  return i < 0 ? null : finite(a[i]);
}

function layerWeight(params: ParameterSeries[], layer: string): ParameterSeries | undefined {
  const own = params.filter((p) => p.layer === layer && p.shape.length >= 2);
  return own.find((p) => p.name.endsWith('weight')) ?? own[0];
}

function saturationIssue(row: ReportRow, series: LayerSeries): ReportIssue | null {
  const s = row.saturation;
  if (s === null || s <= SATURATION_WARNING) return null;
  const what = `saturated (${series.saturationRule ?? 'in the saturated range'})`;
  if (s > SATURATION_PROBLEM) {
    return {
      code: 'saturated',
      severity: 'problem',
      verdict: `saturated (${pct(s)} > ${pct(SATURATION_PROBLEM, 0)})`,
      message: `${pct(s)} of the outputs are ${what}; a problem above ${pct(SATURATION_PROBLEM, 0)} (warning above ${pct(SATURATION_WARNING, 0)}): their units pass back almost no gradient; scale the weights before this layer down (Kaiming: gain / sqrt(fan_in)) or normalize its input.`,
    };
  }
  return {
    code: 'saturated',
    severity: 'warning',
    verdict: `saturating (${pct(s)} > ${pct(SATURATION_WARNING, 0)})`,
    message: `${pct(s)} of the outputs are ${what}, above the ${pct(SATURATION_WARNING, 0)} Karpathy treats as healthy.`,
  };
}

function deadIssue(row: ReportRow, series: LayerSeries): ReportIssue | null {
  const f = row.deadFraction;
  if (f === null || f <= DEAD_UNITS_WARNING) return null;
  const how = series.activation === 'relu' ? 'never active (output 0 for every example)' : 'saturated on every example';
  const severity: Severity = f > DEAD_UNITS_PROBLEM ? 'problem' : 'warning';
  return {
    code: 'dead-units',
    severity,
    verdict: `dead units (${row.deadUnits}/${row.units})`,
    message: `${row.deadUnits} of ${row.units} units (${pct(f)}) are ${how} over the batch: their gradient is zero, so they do not learn (problem above ${pct(DEAD_UNITS_PROBLEM, 0)} of the layer).`,
  };
}

function nonFiniteIssue(series: LayerSeries, i: number): ReportIssue | null {
  const outputBad = !series.outputFinite[i];
  const gradBad = !series.gradFinite[i];
  if (!outputBad && !gradBad) return null;
  const where = outputBad && gradBad ? 'outputs and gradients' : outputBad ? 'outputs' : 'gradients';
  return {
    code: 'non-finite',
    severity: 'problem',
    verdict: `non-finite ${where}`,
    message: `the layer's ${where} contain NaN or infinity: the training has diverged (learning rate too high, or a log/division of 0).`,
  };
}

function updateIssue(row: ReportRow): ReportIssue | null {
  const u = row.log10UpdateRatio;
  if (u === null || row.weight === null) return null;
  if (u === -Infinity) {
    return {
      code: 'no-update',
      severity: 'warning',
      verdict: 'no update',
      message: `${row.weight} did not change over the step: is recorder.step() called after opt.step(), and is the parameter in the optimizer?`,
    };
  }
  const lo = UPDATE_RATIO_TARGET_LOG10 - UPDATE_RATIO_TOLERANCE_LOG10;
  const hi = UPDATE_RATIO_TARGET_LOG10 + UPDATE_RATIO_TOLERANCE_LOG10;
  if (u >= lo && u <= hi) return null;
  const small = u < lo;
  return {
    code: small ? 'update-too-small' : 'update-too-large',
    severity: 'warning',
    verdict: `update ratio far from 1e${UPDATE_RATIO_TARGET_LOG10} (10^${u.toFixed(1)})`,
    message: `${row.weight}: log10(std(update) / std(data)) = ${u.toFixed(2)}, outside [${lo}, ${hi}] around Karpathy's ${UPDATE_RATIO_TARGET_LOG10}: ${small ? 'it learns too slowly (raise the learning rate?)' : 'its values churn (lower the learning rate?)'}.`,
  };
}

/**
 * Vanishing/exploding tests within each layer type, along the forward order: gradients against the layer
 * of the type nearest the loss, activations against the one nearest the input.
 */
function depthIssues(rows: ReportRow[]): void {
  const byType = new Map<string, ReportRow[]>();
  for (const r of rows) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const [type, group] of byType) {
    if (group.length < MIN_LAYERS_FOR_DEPTH_VERDICT) continue;
    const grads = group.filter((r) => r.gradStd !== null && Number.isFinite(r.gradStd) && r.gradStd > 0);
    const ref = grads[grads.length - 1];
    if (ref !== undefined) {
      for (const r of grads) {
        const ratio = r.gradStd! / ref.gradStd!;
        if (ratio < 1 / GRADIENT_RATIO_LIMIT || ratio > GRADIENT_RATIO_LIMIT) {
          const vanishing = ratio < 1;
          r.issues.push({
            code: vanishing ? 'vanishing-gradients' : 'exploding-gradients',
            severity: 'problem',
            verdict: `${vanishing ? 'vanishing' : 'exploding'} gradients (${ratioWords(ratio)} of ${ref.label}'s)`,
            message: `the gradient std at this layer's output is ${formatNumber(r.gradStd)}, ${ratioWords(ratio)} of the last ${type} layer's (${formatNumber(ref.gradStd)}); more than ${GRADIENT_RATIO_LIMIT}x apart, the layers learn at very different rates (He et al. 2015: a mis-scaled init multiplies the backward signal at every layer).`,
          });
        }
      }
    }
    for (const r of group) {
      if (r.gradStd === 0) {
        r.issues.push({
          code: 'vanishing-gradients',
          severity: 'problem',
          verdict: 'vanishing gradients (all zero)',
          message: 'every gradient at this layer\'s output is exactly zero: nothing below it learns.',
        });
      }
    }
    const acts = group.filter((r) => r.std !== null && Number.isFinite(r.std) && r.std > 0);
    const first = acts[0];
    if (first !== undefined) {
      for (const r of acts) {
        const ratio = r.std! / first.std!;
        if (ratio < 1 / ACTIVATION_RATIO_LIMIT || ratio > ACTIVATION_RATIO_LIMIT) {
          const vanishing = ratio < 1;
          r.issues.push({
            code: vanishing ? 'vanishing-activations' : 'exploding-activations',
            severity: 'problem',
            verdict: `${vanishing ? 'vanishing' : 'exploding'} signal (std ${ratioWords(ratio)} of ${first.label}'s)`,
            message: `the output std is ${formatNumber(r.std)}, ${ratioWords(ratio)} of the first ${type} layer's (${formatNumber(first.std)}); more than ${ACTIVATION_RATIO_LIMIT}x apart (He et al. 2015: with variance 1/fan per ReLU layer the std halves every 2 layers; Kaiming's 2/fan keeps it).`,
          });
        }
      }
    }
  }
}

function ratioWords(ratio: number): string {
  if (ratio >= 1) return `${formatNumber(ratio)}x`;
  const inv = 1 / ratio;
  return `1/${inv >= 100 ? Math.round(inv).toLocaleString('en-US') : formatNumber(inv)}`;
}

function finish(row: ReportRow): void {
  const order: Record<Status, number> = { ok: 0, warning: 1, problem: 2 };
  row.issues.sort((a, b) => order[b.severity] - order[a.severity]);
  row.status = row.issues.reduce<Status>((s, i) => (order[i.severity] > order[s] ? i.severity : s), 'ok');
  row.verdict = row.issues.length === 0 ? 'ok' : row.issues.map((i) => i.verdict).join('; ');
}

// ---- the report ----------------------------------------------------------------------------------------

/** The health of every watched layer at one step (default: the latest recorded one). */
export function report(recorder: Recorder, options: ReportOptions = {}): Report {
  const layers = recorder.layers;
  const params = recorder.parameters;
  const latest = Math.max(-1, ...layers.map((l) => (l.steps.length > 0 ? l.steps[l.steps.length - 1] : -1)));
  const step = options.step ?? latest;
  if (options.step !== undefined && !layers.some((l) => l.steps.includes(step))) {
    const recorded = [...new Set(layers.flatMap((l) => l.steps))].sort((a, b) => a - b);
    throw new RangeError(`report: step ${step} was not recorded; recorded steps: ${recorded.slice(0, 20).join(', ')}${recorded.length > 20 ? ', ...' : ''}`);
  }
  const rows: ReportRow[] = [];
  for (const l of layers) {
    const i = at(l, step);
    if (i < 0) continue;
    const w = layerWeight(params, l.name);
    const wi = w === undefined ? -1 : w.steps.lastIndexOf(step);
    const dead = pick(l.deadFraction, i);
    const row: ReportRow = {
      name: l.name,
      label: l.label,
      type: l.type,
      mean: pick(l.mean, i),
      std: pick(l.std, i),
      saturation: pick(l.saturation, i),
      deadFraction: dead,
      deadUnits: dead === null ? null : Math.round(dead * l.units),
      units: l.units,
      p15: l.preactivation ? pick(l.preactivation.p15, i) : null,
      p50: l.preactivation ? pick(l.preactivation.p50, i) : null,
      p85: l.preactivation ? pick(l.preactivation.p85, i) : null,
      percentileUnit: l.preactivation ? l.preactivation.unit : null,
      gradMean: pick(l.gradMean, i),
      gradStd: pick(l.gradStd, i),
      weight: w === undefined ? null : w.name,
      gradToData: w === undefined ? null : pick(w.gradToData, wi),
      log10UpdateRatio: w === undefined || wi < 0 || Number.isNaN(w.log10UpdateRatio[wi]) ? null : w.log10UpdateRatio[wi],
      status: 'ok',
      issues: [],
      verdict: 'ok',
    };
    for (const issue of [nonFiniteIssue(l, i), saturationIssue(row, l), deadIssue(row, l), updateIssue(row)]) if (issue) row.issues.push(issue);
    rows.push(row);
  }
  depthIssues(rows);
  rows.forEach(finish);
  return makeReport(step, rows);
}

// ---- rendering -----------------------------------------------------------------------------------------

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(r: ReportRow): string;
}

const COLUMNS: Column[] = [
  { header: 'layer', align: 'left', cell: (r) => r.label },
  { header: 'mean', align: 'right', cell: (r) => formatNumber(r.mean) },
  { header: 'std', align: 'right', cell: (r) => formatNumber(r.std) },
  { header: 'saturated', align: 'right', cell: (r) => pct(r.saturation) },
  { header: 'dead', align: 'right', cell: (r) => (r.deadUnits === null ? '' : `${r.deadUnits}/${r.units}`) },
  {
    header: 'pre-act p15/p50/p85',
    align: 'right',
    cell: (r) => (r.p50 === null ? '' : [r.p15, r.p50, r.p85].map((x) => formatNumber(x)).join(' / ')),
  },
  { header: 'grad std', align: 'right', cell: (r) => formatNumber(r.gradStd) },
  { header: 'weight grad:data', align: 'right', cell: (r) => formatNumber(r.gradToData) },
  { header: 'log10 update:data', align: 'right', cell: (r) => (r.log10UpdateRatio === null ? '' : formatNumber(r.log10UpdateRatio)) },
  { header: 'verdict', align: 'left', cell: (r) => r.verdict },
];

function title(step: number, rows: ReportRow[]): string {
  const problems = rows.filter((r) => r.status === 'problem').length;
  const warnings = rows.filter((r) => r.status === 'warning').length;
  const health = problems + warnings === 0 ? 'all layers ok' : [problems ? `${problems} with problems` : '', warnings ? `${warnings} with warnings` : ''].filter(Boolean).join(', ');
  return `Diagnostics at step ${step}: ${rows.length} layers, ${health}`;
}

function issueLines(rows: ReportRow[]): string[] {
  return rows.flatMap((r) => r.issues.map((i) => `${r.label}: ${i.severity}: ${i.message}`));
}

function textTable(step: number, rows: ReportRow[]): string {
  if (rows.length === 0) return `Diagnostics: nothing recorded${step >= 0 ? ` at step ${step}` : ' yet'} (run a forward and backward pass while watching)`;
  const cells = rows.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, j) => Math.max(c.header.length, ...cells.map((row) => row[j].length)));
  const line = (values: string[]) =>
    values
      .map((v, j) => (j === COLUMNS.length - 1 ? v : COLUMNS[j].align === 'left' ? v.padEnd(widths[j]) : v.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  const out = [title(step, rows), '', line(COLUMNS.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  const issues = issueLines(rows);
  if (issues.length > 0) out.push('', ...issues);
  return out.join('\n');
}

function markdown(step: number, rows: ReportRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`**${title(step, rows)}**`, ''];
  if (rows.length === 0) return out.join('\n');
  out.push(`| ${COLUMNS.map((c) => c.header).join(' | ')} |`);
  out.push(`|${COLUMNS.map((c) => (c.align === 'right' ? '---:' : ':---')).join('|')}|`);
  for (const r of rows) out.push(`| ${COLUMNS.map((c) => esc(c.cell(r))).join(' | ')} |`);
  const issues = issueLines(rows);
  if (issues.length > 0) out.push('', ...issues.map((l) => `- ${esc(l)}`));
  return out.join('\n');
}

const COLOURS: Record<Status, string> = { ok: '#1a7f37', warning: '#9a6700', problem: '#cf222e' };

function html(step: number, rows: ReportRow[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const cell = 'padding:2px 8px;border-bottom:1px solid #ddd';
  const head = COLUMNS.map((c) => `<th style="${cell};text-align:${c.align}">${esc(c.header)}</th>`).join('');
  const body = rows
    .map((r) => {
      const tds = COLUMNS.map((c, j) => {
        const style = j === COLUMNS.length - 1 ? `${cell};text-align:left;color:${COLOURS[r.status]};font-weight:600` : `${cell};text-align:${c.align}`;
        const title = j === COLUMNS.length - 1 && r.issues.length > 0 ? ` title="${esc(r.issues.map((i) => i.message).join('\n'))}"` : '';
        return `<td style="${style}"${title}>${esc(c.cell(r))}</td>`;
      }).join('');
      return `<tr>${tds}</tr>`;
    })
    .join('');
  const issues = issueLines(rows);
  const list = issues.length > 0 ? `<ul>${issues.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : '';
  return (
    `<div class="poise-report"><p><strong>${esc(title(step, rows))}</strong></p>` +
    `<table style="border-collapse:collapse;font-family:monospace;font-size:12px"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${list}</div>`
  );
}

function makeReport(step: number, rows: ReportRow[]): Report {
  const problems = rows.filter((r) => r.status === 'problem').length;
  const warnings = rows.filter((r) => r.status === 'warning').length;
  const rep: Report = {
    step,
    rows,
    status: problems > 0 ? 'problem' : warnings > 0 ? 'warning' : 'ok',
    problems,
    warnings,
    row(name: string): ReportRow {
      const r = rows.find((x) => x.name === name || x.label === name);
      if (r === undefined) throw new RangeError(`report: no row '${name}'; rows: ${rows.map((x) => `'${x.label}'`).join(', ')}`);
      return r;
    },
    toString: () => textTable(step, rows),
    toMarkdown: () => markdown(step, rows),
    toHTML: () => html(step, rows),
  };
  Object.defineProperty(rep, inspect.custom, { value: () => textTable(step, rows), enumerable: false });
  return rep;
}
