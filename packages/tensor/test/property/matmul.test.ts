import { describe, it } from 'vitest';
import fc from 'fast-check';
import { matmul } from '../../src';
import { expectClose, params, refArb, toTensor } from './arbitraries';
import { matmul as referenceMatmul } from './reference';

/**
 * torch.matmul's cases: 1-D x 1-D (dot), 1-D and 2-D mixes, and batched with broadcast batch dims, on sizes
 * 0..5 (K = 0 gives zeros). Small integer-and-half values keep every product and sum exact in float32.
 */
const dim = fc.integer({ min: 0, max: 5 });
const batchArb = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 });
const shapesArb = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), dim, dim, dim, batchArb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }))
  .map(([ra, rb, n, k, m, batch, ones]) => {
    const batchFor = (rank: number, off: number) => batch.slice(batch.length - Math.max(0, rank - 2)).map((s, i) => (ones[off + i] ? 1 : s));
    const a = ra === 1 ? [k] : [...batchFor(ra, 0), n, k];
    const b = rb === 1 ? [k] : [...batchFor(rb, 2), k, m];
    return [a, b] as const;
  })
  .filter(([a, b]) => a.length - 2 <= 2 && b.length - 2 <= 2);

describe('matmul matches the naive reference', () => {
  it('1-D, 2-D and batched (broadcast) operands, zero-size dims included', () => {
    const arb = shapesArb.chain(([a, b]) => fc.tuple(refArb([...a]), refArb([...b])));
    fc.assert(
      fc.property(arb, ([a, b]) => {
        expectClose(matmul(toTensor(a), toTensor(b)), referenceMatmul(a, b));
      }),
      params(),
    );
  });

  it('inner dimensions that differ are a RangeError naming both shapes', () => {
    fc.assert(
      fc.property(fc.tuple(dim, dim, dim, dim).filter(([, k1, k2]) => k1 !== k2), ([n, k1, k2, m]) => {
        try {
          matmul(toTensor({ shape: [n, k1], data: new Array(n * k1).fill(0) }), toTensor({ shape: [k2, m], data: new Array(k2 * m).fill(0) }));
        } catch (e) {
          if (e instanceof RangeError && e.message.startsWith('matmul:') && e.message.includes(`[${n}, ${k1}]`)) return;
          throw e;
        }
        throw new Error('no error');
      }),
      params(),
    );
  });
});
