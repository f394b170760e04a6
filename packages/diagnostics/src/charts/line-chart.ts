/**
 * Lines over steps or layers, one per series, with an optional horizontal guide: the shape behind loss
 * curves, update:data ratio curves and signal-std-per-layer charts. The specialised builders only set
 * titles, transforms of y and guides; the drawing is here, once.
 */
import { makeChart, type Chart } from '../chart';
import { topLevel, type AxisOptions } from '../spec';
import { compact, toNumbers, type Values } from '../values';

/** One line. */
export interface LineSeries {
  name: string;
  /** x positions; default 0, 1, 2, ... */
  x?: Values;
  y: Values;
  /** Draw dashed (e.g. a theoretical curve next to a measured one of the same name and colour). */
  dashed?: boolean;
}

/** A horizontal reference line, e.g. the 1e-3 update:data ratio. */
export interface Guide {
  y: number;
  label?: string;
}

export interface LineChartOptions extends AxisOptions {
  /** Log scale on y (points with y <= 0 are left out, as a log axis cannot show them). */
  logY?: boolean;
  /** Horizontal reference lines, drawn black and dashed with their label. */
  guide?: Guide | Guide[];
  /** x is a count (steps, layer numbers): ticks only at whole numbers. */
  integerX?: boolean;
}

/** One row of line data; `id` keeps two series of the same name (measured, theory) separate lines. */
interface Row {
  id: number;
  series: string;
  dashed: boolean;
  x: number;
  y: number;
}

/** The rows of each series, leaving out non-finite points (and y <= 0 on a log axis). */
function lineRows(series: LineSeries[], logY: boolean): Row[] {
  return series.flatMap((s, id) => {
    const y = toNumbers(s.y);
    const x = s.x === undefined ? undefined : toNumbers(s.x);
    if (x !== undefined && x.length !== y.length) {
      throw new RangeError(`lineChart: series '${s.name}' has ${x.length} x values and ${y.length} y values`);
    }
    const rows: Row[] = [];
    for (let i = 0; i < y.length; i++) {
      const xi = x === undefined ? i : x[i];
      const yi = y[i];
      if (!Number.isFinite(xi) || !Number.isFinite(yi) || (logY && yi <= 0)) continue;
      rows.push({ id, series: s.name, dashed: s.dashed ?? false, x: compact(xi), y: compact(yi) });
    }
    return rows;
  });
}

/**
 * A line chart: one coloured line per series, in the order given, and optional guides. `kind` lets the
 * specialised builders (loss, update ratio, signal std) name their charts.
 */
export function lineChart(series: LineSeries[], options: LineChartOptions = {}, kind = 'line'): Chart {
  const { logY = false } = options;
  const title = options.title ?? 'Line chart';
  const names = [...new Set(series.map((s) => s.name))];
  const guides = options.guide === undefined ? [] : Array.isArray(options.guide) ? options.guide : [options.guide];
  const yScale = logY ? { type: 'log' } : { zero: false };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: lineRows(series, logY) },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: {
          field: 'x', type: 'quantitative', title: options.xLabel ?? 'step',
          ...(options.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
        },
        y: { field: 'y', type: 'quantitative', title: options.yLabel ?? 'value', scale: yScale },
        // One series needs no legend: the title says what it is.
        color: { field: 'series', type: 'nominal', sort: names, title: null, ...(names.length === 1 ? { legend: null } : {}) },
        strokeDash: {
          field: 'dashed', type: 'nominal',
          scale: { domain: [false, true], range: [[1, 0], [6, 4]] }, legend: null,
        },
        detail: { field: 'id', type: 'nominal' },
      },
    },
  ];
  if (guides.length > 0) {
    const guideData = { values: guides.map((g) => ({ y: g.y, label: g.label ?? String(g.y) })) };
    layers.push(
      {
        data: guideData,
        mark: { type: 'rule', color: 'black', strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: guideData,
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, fontSize: 11 },
        encoding: { x: { value: 0 }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  }
  const spec = topLevel({ layer: layers }, title, { width: options.width ?? 640, height: options.height ?? 300 });
  return makeChart(kind, title, spec);
}
