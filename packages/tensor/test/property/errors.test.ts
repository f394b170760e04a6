import { describe, it } from 'vitest';
import fc from 'fast-check';
import {
  arange, cat, eye, full, ones, randint, randn, randperm, tensor, zeros, type Tensor,
} from '../../src';
import { params } from './arbitraries';

/**
 * Malformed arguments, fuzzed: every op rejects them up front with a RangeError or TypeError whose message
 * starts with the op's name (never a crash deep in a kernel, a hang, or a silently wrong result).
 */
const badNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0.5, -0.5, 1e300, -7),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Number.isInteger(v)),
);
/** Not a valid dim for a rank-2 tensor: non-integers, NaN, infinities and out-of-range integers. */
const badDim = fc.oneof(badNumber.filter((v) => !(Number.isInteger(v) && v >= -2 && v <= 1)), fc.integer({ min: 2, max: 1000 }), fc.integer({ min: -1000, max: -3 }));
/** Not a valid size: negative (other than -1 where inference applies), non-integer, NaN, infinite. */
const badSize = badNumber.filter((v) => !(Number.isInteger(v) && v >= 0));

function expectNamedError(op: string, fn: () => unknown): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof RangeError || err instanceof TypeError) || !err.message.startsWith(`${op}:`)) {
    throw new Error(`${op}: expected a RangeError or TypeError starting with '${op}:', got ${err === null ? 'no error' : String(err)}`);
  }
}

const x = (): Tensor => ones([2, 3]);

describe('ops reject malformed input with named errors (fuzzed)', () => {
  it('dims: reductions, transpose, narrow, squeeze/unsqueeze, softmax, cat, gather, flatten', () => {
    fc.assert(
      fc.property(badDim, (d) => {
        for (const [op, fn] of [
          ['sum', () => x().sum(d)], ['mean', () => x().mean([0, d])], ['max', () => x().max(d)], ['var', () => x().var(d)],
          ['argmax', () => x().argmax(d)], ['logsumexp', () => x().logsumexp(d)], ['softmax', () => x().softmax(d)],
          ['transpose', () => x().transpose(0, d)], ['narrow', () => x().narrow(d, 0, 1)], ['squeeze', () => x().squeeze(d)],
          ['cat', () => cat([x(), x()], d)], ['gather', () => x().gather(d, tensor([[0]]))], ['flatten', () => x().flatten(d)],
          ['size', () => x().size(d)], ['permute', () => x().permute(0, d)],
        ] as [string, () => unknown][]) expectNamedError(op, fn);
        if (!(Number.isInteger(d) && d >= -3 && d <= 2)) expectNamedError('unsqueeze', () => x().unsqueeze(d));
      }),
      params(),
    );
  });

  it('sizes: creation functions, reshape, view, expand', () => {
    fc.assert(
      fc.property(badSize, fc.integer({ min: 0, max: 3 }), (s, at) => {
        const shape = [2, 3, 1];
        shape.splice(at, 0, s);
        for (const [op, fn] of [
          ['zeros', () => zeros(shape)], ['ones', () => ones(shape)], ['full', () => full(shape, 1)], ['randn', () => randn(shape)],
          ['randint', () => randint(0, 3, shape)], ['tensor', () => tensor(new Float32Array(6), { shape })],
        ] as [string, () => unknown][]) expectNamedError(op, fn);
        if (s !== -1) {
          expectNamedError('reshape', () => x().reshape(shape));
          expectNamedError('view', () => x().view(shape));
        }
        expectNamedError('expand', () => x().expand(s, 3));
        expectNamedError('eye', () => eye(s));
        expectNamedError('randperm', () => randperm(s));
      }),
      params(),
    );
  });

  it('narrow start/length and arange bounds', () => {
    fc.assert(
      fc.property(badNumber, fc.integer({ min: -3, max: 3 }), (v, i) => {
        expectNamedError('narrow', () => x().narrow(1, v, 1));
        expectNamedError('narrow', () => x().narrow(1, 0, v));
        if (!Number.isFinite(v)) {
          expectNamedError('arange', () => arange(i, v));
          expectNamedError('arange', () => arange(v, i));
          expectNamedError('arange', () => arange(0, 3, v));
        }
        if (!Number.isInteger(v)) expectNamedError('randint', () => randint(0, v, [2]));
      }),
      params(),
    );
  });

  it('ranks: matmul with a 0-d operand, index and gather with wrong ranks or dtypes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), (shape) => {
        expectNamedError('matmul', () => tensor(1.5).matmul(ones(shape.length ? shape : [1])));
        expectNamedError('matmul', () => ones(shape.length ? shape : [1]).matmul(tensor(1.5)));
        expectNamedError('index', () => x().index(ones(shape)));
        if (shape.length !== 2) expectNamedError('gather', () => x().gather(1, zeros(shape, { dtype: 'int32' })));
      }),
      params(),
    );
  });
});
