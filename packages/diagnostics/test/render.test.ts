import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { histogram, renderSVG, type VegaLiteSpec } from '../src';
import { markItems, parseSVG, titleText } from './svg';

const spec: VegaLiteSpec = {
  title: 'three points',
  width: 120,
  height: 80,
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 1 }, { x: 3, y: 3 }] },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

describe('renderSVG', () => {
  it('renders any Vega-Lite spec to a well-formed SVG document', async () => {
    const svg = parseSVG(await renderSVG(spec));
    expect(markItems(svg, 'symbol')[0]).toHaveLength(3);
    expect(titleText(svg)).toBe('three points');
  });

  it('renders concurrently, loading vega once', async () => {
    const svgs = await Promise.all([renderSVG(spec), renderSVG(spec), histogram([1, 2, 3]).toSVG()]);
    expect(svgs[0]).toBe(svgs[1]);
    expect(svgs[2]).not.toBe(svgs[0]);
  });

  it('reports a spec vega-lite cannot compile', async () => {
    await expect(renderSVG({ title: 'broken', mark: 'no-such-mark' })).rejects.toThrow(
      /^renderSVG: vega-lite could not compile the spec 'broken': /,
    );
  });
});

describe('the CommonJS build', () => {
  // What tslab and plain `require` do: load dist with require, from anywhere, and render.
  it('loads with require() in plain Node and renders, whatever the working directory', () => {
    const dist = join(__dirname, '..', 'dist', 'index.js');
    const script = `
      const d = require(${JSON.stringify(dist)});
      d.histogram([1, 2, 2, 3], { bins: 3 }).toSVG().then((svg) => {
        console.log(svg.startsWith('<svg') && (svg.match(/aria-roledescription="bar"/g) || []).length);
      }, (err) => { console.error(err); process.exit(1); });`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: tmpdir(), encoding: 'utf8' });
    expect(out.trim()).toBe('3');
  });

  it('renders when vitest runs the built file itself (as another package\'s tests would)', async () => {
    // dist lies outside node_modules, so vitest runs it through its own module runner, where
    // `new Function('return import(x)')` would fail; the real import() in our build does not.
    const dist = (await import('../dist/index.js')) as typeof import('../src');
    const svg = parseSVG(await dist.histogram([1, 2, 2, 3], { bins: 3 }).toSVG());
    expect(markItems(svg, 'rect')[0]).toHaveLength(3);
  });
});
