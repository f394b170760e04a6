/**
 * Showing a chart in a tslab notebook cell, and getting its SVG anywhere else.
 *
 * tslab is not a dependency: a notebook's kernel brings it. We look for the running kernel in Node's
 * module cache (its `tslab/dist/jupyter.js`, which every tslab kernel has loaded) and load `public.js`
 * beside it, the same module a cell gets from `import * as tslab from 'tslab'`. Two reasons not to rely
 * on `require('tslab')` from here alone: resolved from this package it can find another copy than the
 * kernel's (a kernel installed globally), whose display is not connected to the notebook; and outside a
 * kernel it would load tslab and its TypeScript compiler just to find out that no notebook is running.
 * Only when the cache has no kernel do we try `require('tslab')`, in case a kernel registered itself
 * in a way we did not foresee; its display then throws "Not ready" unless a cell is running, and we
 * return the SVG.
 */
import { dirname, join } from 'node:path';
import type { Chart } from './chart';

/** The part of tslab's public API we use. */
interface TslabDisplay {
  display: { svg(svg: string): void };
}

const KERNEL_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** tslab's public module of the running kernel, or undefined outside tslab. */
function findTslab(): TslabDisplay | undefined {
  const kernel = Object.keys(require.cache).find((file) => KERNEL_MODULE.test(file));
  try {
    if (kernel) {
      const pub = join(dirname(kernel), 'public.js');
      return (require.cache[pub]?.exports ?? require(pub)) as TslabDisplay;
    }
    // No kernel in this process: only a resolvable tslab that is already loaded counts (loading it
    // here would cost a TypeScript compiler and could not be connected to a notebook anyway).
    const resolved = require.resolve('tslab');
    return require.cache[resolved] ? (require(resolved) as TslabDisplay) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders the chart and shows it in the current tslab cell (`await display(chart)`), returning
 * `undefined` there so the cell does not also print the SVG's text. Outside tslab, returns the SVG.
 */
export async function display(chart: Chart): Promise<string | undefined> {
  const svg = await chart.toSVG();
  const tslab = findTslab();
  if (tslab) {
    try {
      tslab.display.svg(svg);
      return undefined;
    } catch {
      // tslab is loaded but no cell is running ("Not ready"): fall through.
    }
  }
  return svg;
}
