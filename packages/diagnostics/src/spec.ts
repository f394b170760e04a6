/**
 * The Vega-Lite specification type this package produces, and the options every chart shares.
 *
 * We do not re-export vega-lite's own `TopLevelSpec` type on purpose: vega-lite 6 ships its types only
 * behind an `exports` map (no top-level `"types"`), so CommonJS consumers that resolve the Node10 way
 * (tslab, whose TypeScript 5.0 type-checks every cell against our `.d.ts`) could not resolve it. A spec
 * is plain JSON; docs embed it with vega-embed, and `renderSVG` hands it to vega-lite's compiler.
 */

/** A Vega-Lite (v6) specification: plain JSON, ready for `vega-embed` or `renderSVG`. */
export interface VegaLiteSpec {
  $schema?: string;
  title?: unknown;
  width?: number | 'container';
  height?: number | 'container';
  [key: string]: unknown;
}

/** The schema URL our specs carry, so vega-embed knows which Vega-Lite version they were written for. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Options that every chart builder accepts. */
export interface ChartOptions {
  /** The chart's title; each builder has a default that says what is plotted. */
  title?: string;
  /** Width of the plotting area (of one panel, for faceted charts) in pixels. */
  width?: number;
  /** Height of the plotting area (of one panel, for faceted charts) in pixels. */
  height?: number;
}

/** Options of charts with an x and a y axis. */
export interface AxisOptions extends ChartOptions {
  xLabel?: string;
  yLabel?: string;
}

/**
 * A configuration shared by every chart: fixed sizes (no autosize surprises between the docs and a
 * notebook), a white background so SVGs stay readable on dark doc themes, and no interactive tooltips
 * (the output is static SVG).
 */
export function baseConfig(): Record<string, unknown> {
  return {
    background: 'white',
    view: { stroke: '#ddd' },
    axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 300 },
    title: { fontSize: 14, anchor: 'start' },
  };
}

/** Wraps a spec body with the schema, title, fixed size and shared config. */
export function topLevel(
  body: Record<string, unknown>,
  title: string,
  size: { width?: number; height?: number },
): VegaLiteSpec {
  const spec: VegaLiteSpec = { $schema: VEGA_LITE_SCHEMA, title };
  if (size.width !== undefined) spec.width = size.width;
  if (size.height !== undefined) spec.height = size.height;
  return { ...spec, ...body, config: baseConfig() };
}
