import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Tensor } from '../../src';
import { expectClose, params, refArb, shapeArb, toTensor } from './arbitraries';
import { max, mean, min, reduce, sum, variance, type Ref } from './reference';

/** A shape, its values, a subset of its dims (possibly negative, as users write them) and keepdim. */
const caseArb = shapeArb(4, 4, 1).chain((shape) =>
  fc.tuple(
    refArb(shape),
    fc.subarray(shape.map((_, d) => d), { minLength: 1 }),
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  ).map(([ref, dims, keepdim, negate]) => ({ ref, dims, userDims: dims.map((d, i) => (negate[i] ? d - shape.length : d)), keepdim })),
);

const ops: [string, (t: Tensor, dims: number[], keepdim: boolean) => Tensor, (v: number[]) => number, boolean][] = [
  ['sum', (t, d, keepdim) => t.sum(d, { keepdim }), sum, true],
  ['mean', (t, d, keepdim) => t.mean(d, { keepdim }), mean, true],
  ['var (unbiased)', (t, d, keepdim) => t.var(d, { keepdim }), variance(1), true],
  ['var (correction 0)', (t, d, keepdim) => t.var(d, { keepdim, correction: 0 }), variance(0), true],
  ['max', (t, d, keepdim) => t.max(d, { keepdim }), max, false],
  ['min', (t, d, keepdim) => t.min(d, { keepdim }), min, false],
];

describe('reductions over random dims match the naive reference', () => {
  for (const [name, op, f, emptyOk] of ops) {
    it(`${name} (an empty reduction is ${emptyOk ? 'NaN or 0, as in PyTorch' : 'a RangeError, as in PyTorch'})`, () => {
      fc.assert(
        fc.property(caseArb, ({ ref, dims, userDims, keepdim }) => {
          const empty = dims.some((d) => ref.shape[d] === 0);
          const t = toTensor(ref);
          if (empty && !emptyOk) {
            let err: unknown = null;
            try {
              op(t, userDims, keepdim);
            } catch (e) {
              err = e;
            }
            if (!(err instanceof RangeError) || !err.message.includes('zero-size')) throw new Error(`expected a RangeError, got ${String(err)}`);
            return;
          }
          expectClose(op(t, userDims, keepdim), reduce(ref, dims, keepdim, f), 1e-5);
        }),
        params(),
      );
    });
  }

  it('sum() and mean() of everything give 0-d tensors', () => {
    fc.assert(
      fc.property(shapeArb().chain(refArb), (ref: Ref) => {
        const all = ref.shape.map((_, d) => d);
        expectClose(toTensor(ref).sum(), reduce(ref, all, false, sum), 1e-5);
        expectClose(toTensor(ref).mean(), reduce(ref, all, false, mean), 1e-5);
      }),
      params(),
    );
  });
});
