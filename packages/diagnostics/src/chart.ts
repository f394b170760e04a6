/**
 * A chart: a Vega-Lite spec plus what it is, and a way to render it.
 *
 * Builders return this rather than an SVG string so one result serves everyone: docs embed `spec`
 * (interactive, with vega-embed), reports and notebooks call `toSVG()` (static, no browser), and tests
 * read `kind` and `title` without rendering.
 */
import { renderSVG } from './render';
import type { VegaLiteSpec } from './spec';

export interface Chart {
  /** Which builder made it: `'histogram'`, `'saturation-map'`, `'line'`, ... */
  kind: string;
  title: string;
  /** The Vega-Lite spec: plain JSON, safe to serialise and embed. */
  spec: VegaLiteSpec;
  /** Renders the spec to an SVG document with vega, headlessly. */
  toSVG(): Promise<string>;
}

/** Makes a `Chart` from a spec; `toSVG` renders the spec as it is when called. */
export function makeChart(kind: string, title: string, spec: VegaLiteSpec): Chart {
  const chart: Chart = { kind, title, spec, toSVG: () => renderSVG(chart.spec) };
  return chart;
}
