/**
 * PyTorch's tensor printing (torch/_tensor_str.py), close enough that output pasted next to PyTorch's
 * reads the same: 4 decimals, scientific notation when the magnitudes call for it, `...` summaries
 * beyond 1000 elements, and `dtype=`/`requires_grad=`/`grad_fn=` suffixes.
 */
import type { Tensor } from './tensor';
import { isFloat } from './dtype';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

interface Formatter {
  width: number;
  format(v: number): string;
}

function makeFormatter(values: ArrayLike<number>, dtype: Tensor['dtype']): Formatter {
  if (dtype === 'bool') {
    return { width: 5, format: (v) => (v ? 'True' : 'False') };
  }
  if (!isFloat(dtype)) {
    let width = 1;
    for (let i = 0; i < values.length; i++) width = Math.max(width, String(values[i]).length);
    return { width, format: (v) => String(v) };
  }
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const fmtSpecial = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  let fmt: (v: number) => string;
  const nonzero = finite.map(Math.abs).filter((v) => v > 0);
  if (finite.length === 0 || finite.every((v) => Number.isInteger(v))) {
    // Integral floats print as "1." unless they are too large.
    const maxAbs = nonzero.length ? Math.max(...nonzero) : 0;
    fmt = maxAbs > 1e8 ? (v) => sci(v) : (v) => `${v.toFixed(0)}.`;
  } else {
    const maxAbs = Math.max(...nonzero);
    const minAbs = Math.min(...nonzero);
    const useSci = maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4;
    fmt = useSci ? (v) => sci(v) : (v) => v.toFixed(PRECISION);
  }
  const format = (v: number): string => fmtSpecial(v) ?? fmt(v);
  let width = 1;
  for (let i = 0; i < values.length; i++) width = Math.max(width, format(values[i]).length);
  return { width, format };
}

function sci(v: number): string {
  const s = v.toExponential(PRECISION); // "1.2340e+0"
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

export function formatTensor(t: Tensor): string {
  const flat = t.toTypedArray();
  const summarize = flat.length > THRESHOLD;
  const shown = summarize ? summarizedValues(flat, t.shape) : flat;
  const f = makeFormatter(shown, t.dtype);
  const prefix = 'tensor(';
  let body: string;
  if (t.shape.length === 0) body = f.format(flat[0]);
  else if (flat.length === 0) body = '[]';
  else body = formatDim(flat, t.shape, 0, 0, f, summarize, prefix.length);
  const suffixes: string[] = [];
  if (t.shape.length > 0 && flat.length === 0) suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
  if (t.dtype !== 'float32' && t.dtype !== 'int32' && t.dtype !== 'bool') suffixes.push(`dtype=torch.${t.dtype}`);
  if (t.dtype === 'int32') suffixes.push('dtype=torch.int32');
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return `${prefix}${body}${suffixes.length ? ', ' + suffixes.join(', ') : ''})`;
}

function summarizedValues(flat: ArrayLike<number>, shape: readonly number[]): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === shape.length) {
      out.push(flat[at]);
      return;
    }
    const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const n = shape[d];
    const idx = n > 2 * EDGE_ITEMS ? [...range(0, EDGE_ITEMS), ...range(n - EDGE_ITEMS, n)] : range(0, n);
    for (const i of idx) walk(d + 1, at + i * stride);
  };
  walk(0, 0);
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function formatDim(flat: ArrayLike<number>, shape: readonly number[], d: number, at: number, f: Formatter, summarize: boolean, indent: number): string {
  const n = shape[d];
  const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const idx = summarize && n > 2 * EDGE_ITEMS ? [...range(0, EDGE_ITEMS), -1, ...range(n - EDGE_ITEMS, n)] : range(0, n);
  if (d === shape.length - 1) {
    const items = idx.map((i) => (i < 0 ? ' ...' : f.format(flat[at + i * stride]).padStart(f.width)));
    // Wrap long rows the way PyTorch does, aligning continuation lines under the first element.
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (f.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(',\n' + ' '.repeat(indent + 1))}]`;
  }
  const parts = idx.map((i) => (i < 0 ? '...' : formatDim(flat, shape, d + 1, at + i * stride, f, summarize, indent + 1)));
  const sep = ',' + '\n'.repeat(shape.length - d - 1) + ' '.repeat(indent + 1);
  return `[${parts.join(sep)}]`;
}
