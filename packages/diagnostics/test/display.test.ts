import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { display, histogram } from '../src';

const nodeRequire = createRequire(__filename);
const fakeDir = '/nonexistent/node_modules/tslab/dist';
const fakePaths = [`${fakeDir}/jupyter.js`, `${fakeDir}/public.js`];

/**
 * Puts stand-ins for a running tslab kernel where display() looks for it, Node's module cache: the
 * kernel's `jupyter.js` and, beside it, the `public.js` whose `display.svg` writes to the cell.
 */
function fakeTslab(svg: (s: string) => void): void {
  const ModuleCtor = nodeRequire('node:module') as { new (id: string): NodeJS.Module };
  const [jupyter, pub] = fakePaths.map((p) => {
    const mod = new ModuleCtor(p);
    mod.filename = p;
    mod.loaded = true;
    nodeRequire.cache[p] = mod;
    return mod;
  });
  jupyter.exports = { lastWriteDisplayData: () => {} };
  pub.exports = { display: { svg } };
}

afterEach(() => {
  for (const p of fakePaths) delete nodeRequire.cache[p];
});

describe('display', () => {
  const chart = histogram([1, 2, 3], { bins: 3, title: 'shown' });

  it('returns the SVG outside tslab', async () => {
    const svg = await display(chart);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('shown');
  });

  it('shows the SVG in the running tslab cell and returns nothing', async () => {
    const shown: string[] = [];
    fakeTslab((s) => shown.push(s));
    expect(await display(chart)).toBeUndefined();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toBe(await chart.toSVG());
  });

  it('returns the SVG when tslab is loaded but no kernel runs', async () => {
    fakeTslab(() => {
      throw new Error('Not ready');
    });
    expect(await display(chart)).toMatch(/^<svg/);
  });
});
