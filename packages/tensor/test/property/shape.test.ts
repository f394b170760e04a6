import { describe, it } from 'vitest';
import fc from 'fast-check';
import { cat } from '../../src';
import { expectClose, params, refArb, shapeArb, toTensor } from './arbitraries';
import { numel, permute, type Ref } from './reference';

const withValues = (maxRank = 4) => shapeArb(maxRank).chain(refArb);

/** A permutation of 0..n-1. */
const permArb = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });

/** Another shape with the same element count (a random grouping of the dims), possibly with one -1. */
const regroupArb = (shape: number[]) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }), fc.integer({ min: -1, max: 8 })).map(([cuts, inferAt]) => {
    const out: number[] = [];
    shape.forEach((s, d) => (d > 0 && !cuts[d] ? (out[out.length - 1] *= s) : out.push(s)));
    if (inferAt >= 0 && inferAt < out.length && numel(shape) > 0) out[inferAt] = -1; // -1 is ambiguous for 0 elements
    return out;
  });

describe('shape ops match the naive reference', () => {
  it('permute (then reshape, which must copy a non-contiguous view)', () => {
    const arb = withValues().chain((ref) => fc.tuple(fc.constant(ref), permArb(ref.shape.length)));
    fc.assert(
      fc.property(arb, ([ref, perm]) => {
        const want = permute(ref, perm);
        const p = toTensor(ref).permute(perm);
        expectClose(p, want);
        expectClose(p.reshape(-1 as number), { shape: [want.data.length], data: want.data });
        expectClose(p.contiguous().view(want.shape), want);
      }),
      params(),
    );
  });

  it('reshape/view to a regrouping of the dims keeps row-major order', () => {
    const arb = withValues().chain((ref) => fc.tuple(fc.constant(ref), regroupArb(ref.shape)));
    fc.assert(
      fc.property(arb, ([ref, target]) => {
        const want: Ref = { shape: target.map((s) => (s === -1 ? numel(ref.shape) / numel(target.filter((x) => x !== -1)) : s)), data: ref.data };
        expectClose(toTensor(ref).reshape(target), want);
        expectClose(toTensor(ref).view(target), want);
      }),
      params(),
    );
  });

  it('transpose, flatten, unsqueeze then squeeze', () => {
    const arb = withValues().chain((ref) => fc.tuple(fc.constant(ref), fc.nat(Math.max(0, ref.shape.length - 1)), fc.nat(Math.max(0, ref.shape.length - 1)), fc.nat(ref.shape.length)));
    fc.assert(
      fc.property(arb, ([ref, d0, d1, u]) => {
        const t = toTensor(ref);
        if (ref.shape.length >= 1) {
          const perm = [...ref.shape.keys()];
          [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
          expectClose(t.transpose(d0, d1), permute(ref, perm));
        }
        expectClose(t.flatten(), { shape: [ref.data.length], data: ref.data });
        const shape = [...ref.shape];
        shape.splice(u, 0, 1);
        expectClose(t.unsqueeze(u), { shape, data: ref.data });
        expectClose(t.unsqueeze(u).squeeze(u), ref);
      }),
      params(),
    );
  });

  it('narrow and cat invert each other along any dim', () => {
    const arb = shapeArb(4, 4, 1).chain((shape) => fc.tuple(refArb(shape), fc.nat(shape.length - 1)).chain(([ref, dim]) => fc.tuple(fc.constant(ref), fc.constant(dim), fc.nat(ref.shape[dim]))));
    fc.assert(
      fc.property(arb, ([ref, dim, cut]) => {
        const t = toTensor(ref);
        const size = ref.shape[dim];
        const left = t.narrow(dim, 0, cut);
        const right = t.narrow(dim, cut, size - cut);
        expectClose(cat([left, right], dim), ref);
      }),
      params(),
    );
  });
});
