import { describe, it } from 'vitest';
import fc from 'fast-check';
import { add, maximum, mul, sub, type Tensor } from '../../src';
import { broadcastPairArb, expectClose, params, refArb, shapeArb, toTensor } from './arbitraries';
import { binary, broadcastShape, sumTo } from './reference';

const ops: [string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number][] = [
  ['add', add, (x, y) => x + y],
  ['sub', sub, (x, y) => x - y],
  ['mul', mul, (x, y) => x * y],
  ['maximum', maximum, (x, y) => Math.max(x, y)],
];

const pairWithValues = broadcastPairArb.chain(([sa, sb]) => fc.tuple(refArb([...sa]), refArb([...sb])));

describe('broadcasting elementwise ops match the naive reference (random shapes, zero-size dims included)', () => {
  for (const [name, op, f] of ops) {
    it(name, () => {
      fc.assert(fc.property(pairWithValues, ([a, b]) => expectClose(op(toTensor(a), toTensor(b)), binary(a, b, f))), params());
    });
  }

  it('the gradient of a broadcast product sums back to each operand\'s shape', () => {
    fc.assert(
      fc.property(pairWithValues, ([a, b]) => {
        const ta = toTensor(a, true);
        const tb = toTensor(b, true);
        ta.mul(tb).sum().backward();
        const out = broadcastShape(a.shape, b.shape)!;
        const ones = { shape: out, data: new Array(out.reduce((x, y) => x * y, 1)).fill(1) };
        expectClose(ta.grad!, sumTo(binary(ones, b, (_, y) => y), a.shape));
        expectClose(tb.grad!, sumTo(binary(ones, a, (_, x) => x), b.shape));
      }),
      params(),
    );
  });

  it('shapes that do not broadcast are a RangeError naming the op and both shapes', () => {
    const incompatible = fc.tuple(shapeArb(4, 4, 1), shapeArb(4, 4, 1)).filter(([a, b]) => broadcastShape(a, b) === null);
    fc.assert(
      fc.property(incompatible, ([sa, sb]) => {
        const a = toTensor({ shape: sa, data: new Array(sa.reduce((x, y) => x * y, 1)).fill(0) });
        const b = toTensor({ shape: sb, data: new Array(sb.reduce((x, y) => x * y, 1)).fill(0) });
        for (const [name, op] of ops) {
          let err: unknown = null;
          try {
            op(a, b);
          } catch (e) {
            err = e;
          }
          if (!(err instanceof RangeError) || !err.message.startsWith(`${name}:`) || !err.message.includes(`[${sa.join(', ')}]`)) {
            throw new Error(`${name}([${sa}], [${sb}]) threw ${String(err)}`);
          }
        }
      }),
      params(),
    );
  });
});
