/**
 * Where a tanh layer saturates: the seeds' `plt.imshow(h.abs() > 0.99, cmap='gray')`. Each cell is one
 * example (row) and one neuron (column), white where |h| > threshold. A saturated unit passes almost no
 * gradient (tanh' = 1 - h^2 ~ 0); a column that is white for every example is a dead neuron, which never
 * learns.
 */
import { makeChart, type Chart } from '../chart';
import { topLevel, type AxisOptions } from '../spec';
import { toMatrix } from '../values';
import type { Tensor } from '@poise/tensor';

export interface SaturationMapOptions extends AxisOptions {
  /** A cell is saturated when |value| > threshold. Default 0.99, as in the seeds. */
  threshold?: number;
}

/**
 * A black-and-white map of `h` ([examples, units]): one rect per element, white where saturated.
 *
 * The spec carries one 0/1 flag per cell and derives positions with Vega-Lite transforms, so a 32x200
 * map is a ~13 KB spec rather than 6,400 objects.
 */
export function saturationMap(h: Tensor | ArrayLike<ArrayLike<number>>, options: SaturationMapOptions = {}): Chart {
  const { threshold = 0.99 } = options;
  const { rows, cols, data } = toMatrix(h, 'saturationMap');
  const flags = new Array<number>(rows * cols);
  let saturated = 0;
  for (let i = 0; i < flags.length; i++) {
    flags[i] = Math.abs(data[i]) > threshold ? 1 : 0;
    saturated += flags[i];
  }
  let dead = 0;
  for (let c = 0; c < cols && rows > 0; c++) {
    let all = true;
    for (let r = 0; r < rows && all; r++) all = flags[r * cols + c] === 1;
    if (all) dead++;
  }
  const pct = flags.length === 0 ? 0 : (100 * saturated) / flags.length;
  const title =
    options.title ??
    `|h| > ${threshold} (white): ${pct.toFixed(1)}% of ${rows}x${cols} saturated` +
      (dead > 0 ? `, ${dead} unit${dead === 1 ? '' : 's'} saturated for every example` : '');
  const spec = topLevel(
    {
      data: { values: flags },
      transform: [
        // Primitive values arrive as { data: v }; recover each cell's row and column from its position.
        { window: [{ op: 'row_number', as: 'n' }] },
        { calculate: `floor((datum.n - 1) / ${cols})`, as: 'row' },
        { calculate: `(datum.n - 1) % ${cols}`, as: 'col' },
        { calculate: 'datum.row + 1', as: 'row1' },
        { calculate: 'datum.col + 1', as: 'col1' },
      ],
      // aria: false drops a per-cell aria-label from the SVG, which would triple its size.
      mark: { type: 'rect', aria: false },
      encoding: {
        x: {
          field: 'col', type: 'quantitative', title: options.xLabel ?? 'unit',
          scale: { domain: [0, cols], nice: false, round: true }, axis: { grid: false },
        },
        x2: { field: 'col1' },
        y: {
          field: 'row', type: 'quantitative', title: options.yLabel ?? 'example',
          scale: { domain: [0, rows], nice: false, reverse: true, round: true }, axis: { grid: false },
        },
        y2: { field: 'row1' },
        color: {
          field: 'data', type: 'ordinal',
          scale: { domain: [0, 1], range: ['#000', '#fff'] }, legend: null,
        },
      },
    },
    title,
    { width: options.width ?? 800, height: options.height ?? Math.min(480, Math.max(64, rows * 8)) },
  );
  return makeChart('saturation-map', title, spec);
}
