/**
 * conv2d, maxPool2d, avgPool2d and adaptiveAvgPool2d against PyTorch 1.13 (fixtures/conv_fixtures.py writes
 * fixtures/conv.json): forward values, max-pooling indices, and the gradients of every input for an upstream
 * gradient, on inputs regenerated bit for bit from each case's seed.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Generator, adaptiveAvgPool2d, avgPool2d, conv2d, getBackend, maxPool2dWithIndices, randn, tensor, type Tensor,
} from '../src';

interface FixArray { b64: string; stride?: number; sum?: number; sumAbs?: number; torchErr?: number }
interface FixCase {
  name: string;
  op: 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'adaptiveAvgPool2d';
  opts: Record<string, unknown>;
  dtype: 'float32' | 'float64';
  seed: number;
  shapes: number[][];
  ties: boolean;
  sums: number[];
  outShape: number[];
  out: FixArray;
  grads: FixArray[];
  indices: { b64: string; stride?: number } | null;
}

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/conv.json'), 'utf8')) as { torch: string; cases: FixCase[] };

function bytes(b64: string): ArrayBuffer {
  const buf = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return copy.buffer;
}

const decode = (a: FixArray, dtype: 'float32' | 'float64') =>
  dtype === 'float32' ? new Float32Array(bytes(a.b64)) : new Float64Array(bytes(a.b64));

/** The case's leaves, drawn as the fixture script draws them, and the upstream gradient after them. */
function draw(c: FixCase): { leaves: Tensor[]; upstream: () => Tensor } {
  const gen = new Generator().manualSeed(c.seed);
  const raw = c.shapes.map((s) => randn(s, { generator: gen }));
  if (c.ties) {
    const v = raw[0].toTypedArray();
    for (let i = 0; i < v.length; i++) v[i] = Math.floor(v[i] * 2);
    raw[0] = tensor(v, { shape: raw[0].shape });
  }
  raw.forEach((r, i) => expect(r.to('float64').sum().item(), `sum of input ${i} (generator parity)`).toBe(c.sums[i]));
  const leaves = raw.map((r) => {
    const t = c.dtype === 'float32' ? r.clone() : r.to('float64');
    t.requiresGrad = true;
    return t;
  });
  return { leaves, upstream: () => randn(c.outShape, { generator: gen }).to(c.dtype) };
}

function apply(c: FixCase, leaves: Tensor[]): { out: Tensor; indices: Tensor | null } {
  const o = c.opts;
  switch (c.op) {
    case 'conv2d':
      return { out: conv2d(leaves[0], leaves[1], leaves[2] ?? null, o), indices: null };
    case 'maxPool2d': {
      const { kernelSize, ...rest } = o;
      const [out, indices] = maxPool2dWithIndices(leaves[0], kernelSize as number, rest);
      return { out, indices };
    }
    case 'avgPool2d': {
      const { kernelSize, ...rest } = o;
      return { out: avgPool2d(leaves[0], kernelSize as number, rest), indices: null };
    }
    case 'adaptiveAvgPool2d':
      return { out: adaptiveAvgPool2d(leaves[0], o.outputSize as number), indices: null };
  }
}

/**
 * Worst elementwise error |a - e| / (|e| + mean |e|): relative, with a floor at the array's own magnitude so
 * that sums that cancel to nearly zero do not demand digits neither side has. Sampled arrays compare every
 * stored value and the exact sum and sum of absolute values.
 */
function relError(actual: Tensor, expected: FixArray, dtype: 'float32' | 'float64', what: string): number {
  const a = actual.toTypedArray();
  const e = decode(expected, dtype);
  const stride = expected.stride ?? 1;
  let scale = 0;
  let worst = 0;
  if (expected.stride === undefined) {
    expect(a.length, `${what}: element count`).toBe(e.length);
    for (let i = 0; i < e.length; i++) scale += Math.abs(e[i]) / e.length;
  } else {
    expect(Math.ceil(a.length / stride), `${what}: sampled element count`).toBe(e.length);
    scale = expected.sumAbs! / a.length;
    let sum = 0, sumAbs = 0;
    for (let i = 0; i < a.length; i++) { sum += a[i]; sumAbs += Math.abs(a[i]); }
    worst = Math.max(Math.abs(sum - expected.sum!) / expected.sumAbs!, Math.abs(sumAbs - expected.sumAbs!) / expected.sumAbs!);
  }
  for (let i = 0; i < e.length; i++) {
    const err = scale === 0 ? Math.abs(a[i * stride] - e[i]) : Math.abs(a[i * stride] - e[i]) / (Math.abs(e[i]) + scale);
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

const RTOL = { float32: 1e-5, float64: 1e-10 };
/** Worst error per op and dtype, printed at the end (the numbers quoted in the changeset). */
const worstSeen = new Map<string, number>();

describe(`conv and pooling match PyTorch ${fixture.torch} (forward and gradients)`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { leaves, upstream } = draw(c);
      const { out, indices } = apply(c, leaves);
      expect(out.shape).toEqual(c.outShape);
      const check = (t: Tensor, e: FixArray, what: string) => {
        const err = relError(t, e, c.dtype, what);
        const key = `${c.op} ${c.dtype}${c.name.includes('He et al.') ? ' (He et al. shape)' : ''} ${what === 'output' ? 'output' : 'gradients'}`;
        worstSeen.set(key, Math.max(worstSeen.get(key) ?? 0, err));
        // float32: PyTorch's own float32 error (against its float64 result) is added, as a result closer to
        // the truth than PyTorch's cannot be within rtol of PyTorch's when PyTorch loses digits itself.
        expect(err, `${what}: relative error ${err}`).toBeLessThanOrEqual(RTOL[c.dtype] + (e.torchErr ?? 0));
      };
      check(out, c.out, 'output');
      if (c.indices !== null) {
        const want = new Int32Array(bytes(c.indices.b64));
        const got = indices!.toTypedArray();
        const s = c.indices.stride ?? 1;
        const sampled = Int32Array.from({ length: want.length }, (_, i) => got[i * s]);
        expect(sampled).toEqual(want);
      }
      out.backward(upstream());
      c.grads.forEach((g, i) => check(leaves[i].grad!, g, `gradient of input ${i}`));
    });
  }

  // A property of the js backend's kernels (sums formed in double precision, rounded once), not of the
  // Backend interface: other backends (run on these files by @poise/backend-wasm's conformance suite) may
  // accumulate in float32 and need only meet the PyTorch tolerance above.
  it.skipIf(getBackend().name !== 'js')('js backend: float32 results are within 2e-6 of the same computation in float64 (He et al. shape)', () => {
    const c = fixture.cases.find((k) => k.op === 'conv2d' && k.dtype === 'float32' && k.name.includes('He et al.'))!;
    const { leaves, upstream } = draw(c);
    const out = apply(c, leaves).out;
    const g = upstream();
    out.backward(g);
    const l64 = leaves.map((l) => {
      const t = l.detach().to('float64');
      t.requiresGrad = true;
      return t;
    });
    const out64 = apply({ ...c, dtype: 'float64' }, l64).out;
    out64.backward(g.to('float64'));
    const err = (a: Tensor, b: Tensor) => {
      const x = a.toTypedArray(), y = b.toTypedArray();
      let scale = 0;
      for (let i = 0; i < y.length; i++) scale += Math.abs(y[i]) / y.length;
      let worst = 0;
      for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / (Math.abs(y[i]) + scale));
      return worst;
    };
    const errs = [err(out, out64), ...leaves.map((l, i) => err(l.grad!, l64[i].grad!))];
    worstSeen.set('conv2d float32 vs float64 (He et al.)', Math.max(...errs));
    for (const e of errs) expect(e).toBeLessThan(2e-6);
  });

  it('reports the worst errors', () => {
    const lines = [...worstSeen.entries()].map(([k, v]) => `${k}: ${v.toExponential(2)}`);
    console.log(`worst relative errors against PyTorch ${fixture.torch}:\n  ${lines.join('\n  ')}`);
    expect(lines.length).toBeGreaterThan(0);
  });
});
