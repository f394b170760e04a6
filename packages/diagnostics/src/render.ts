/**
 * Renders a Vega-Lite spec to an SVG string headlessly, in Node, with no browser and no canvas.
 *
 * vega-lite compiles the spec to a Vega spec; vega parses it into a dataflow and renders with the
 * `none` renderer (no DOM), and `toSVG()` serialises the scenegraph. Both libraries load on the first
 * call (see `load-vega.ts`).
 */
import { loadVega, type VegaLite } from './load-vega';
import type { VegaLiteSpec } from './spec';

/**
 * Compiles a Vega-Lite spec and renders it to an SVG document (a string starting with `<svg`).
 * The first call loads vega (a few hundred ms); later calls only compile and render.
 */
export async function renderSVG(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  // Our spec type is deliberately loose JSON (see spec.ts); vega-lite checks it as it compiles, with
  // errors that do not say which chart failed, so we add that.
  let compiled: unknown;
  try {
    compiled = vegaLite.compile(spec as unknown as Parameters<VegaLite['compile']>[0]).spec;
  } catch (err) {
    const title = typeof spec.title === 'string' ? ` '${spec.title}'` : '';
    throw new Error(`renderSVG: vega-lite could not compile the spec${title}: ${(err as Error).message}`, { cause: err });
  }
  const view = new vega.View(vega.parse(compiled as Parameters<typeof vega.parse>[0]), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
