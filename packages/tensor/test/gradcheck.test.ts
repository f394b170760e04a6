import { describe, expect, it } from 'vitest';
import {
  Generator, cat, gradcheck, type GradcheckOptions, maximum, minimum, pow, randn, stack, tensor, where, type Tensor,
} from '../src';
import { crossEntropy } from './helpers/cases';

const g = new Generator().manualSeed(99);
/** A float64 leaf that requires grad, with values kept away from kinks by `shift`. */
function leaf(shape: number[], shift = 0): Tensor {
  const t = randn(shape, { generator: g, dtype: 'float64' }).add(shift);
  t.requiresGrad = true;
  return t;
}
const positive = (shape: number[]) => {
  const t = randn(shape, { generator: g, dtype: 'float64' }).abs().add(0.5);
  t.requiresGrad = true;
  return t;
};

/** Every differentiable op of @poise/tensor, checked against central finite differences in float64. */
const OPS: [string, () => [(...x: Tensor[]) => Tensor, Tensor[], GradcheckOptions?]][] = [
  ['add (broadcast)', () => [(a, b) => a.add(b), [leaf([3, 4]), leaf([4])]]],
  ['sub (broadcast)', () => [(a, b) => a.sub(b), [leaf([3, 1]), leaf([1, 5])]]],
  ['mul (broadcast)', () => [(a, b) => a.mul(b), [leaf([2, 3, 4]), leaf([3, 1])]]],
  ['div', () => [(a, b) => a.div(b), [leaf([3, 4]), positive([3, 4])]]],
  ['scalar ops', () => [(a) => a.mul(3).add(2).sub(1).div(4), [leaf([5])]]],
  ['neg', () => [(a) => a.neg(), [leaf([4])]]],
  ['pow scalar', () => [(a) => a.pow(3), [leaf([5])]]],
  ['pow fractional', () => [(a) => a.pow(1.5), [positive([5])]]],
  ['pow tensor', () => [(a, b) => a.pow(b), [positive([3, 2]), leaf([2])]]],
  ['scalar pow', () => [(a) => pow(2, a), [leaf([4])]]],
  ['exp', () => [(a) => a.exp(), [leaf([3, 3])]]],
  ['log', () => [(a) => a.log(), [positive([6])]]],
  ['sqrt', () => [(a) => a.sqrt(), [positive([6])]]],
  ['abs', () => [(a) => a.abs(), [leaf([6], 0.1)]]],
  ['tanh', () => [(a) => a.tanh(), [leaf([3, 4])]]],
  ['sigmoid', () => [(a) => a.sigmoid(), [leaf([3, 4])]]],
  ['relu', () => [(a) => a.relu(), [tensor([-1.5, -0.2, 0.3, 2.0], { dtype: 'float64', requiresGrad: true })]]],
  ['leakyRelu', () => [(a) => a.leakyRelu(0.1), [tensor([-1.5, -0.2, 0.3, 2.0], { dtype: 'float64', requiresGrad: true })]]],
  ['clamp', () => [(a) => a.clamp(-0.5, 0.5), [tensor([-1.5, -0.2, 0.3, 2.0, 0.49], { dtype: 'float64', requiresGrad: true })]]],
  ['maximum', () => [(a, b) => maximum(a, b), [leaf([3, 4]), leaf([4])]]],
  ['minimum', () => [(a, b) => minimum(a, b), [leaf([3, 4]), leaf([3, 1])]]],
  ['where', () => [(a, b) => where(a.gt(0), a, b), [leaf([3, 4]), leaf([4])]]],
  ['sum (dims, keepdim)', () => [(a) => a.sum([0, 2], { keepdim: true }), [leaf([2, 3, 4])]]],
  ['sum (all)', () => [(a) => a.sum(), [leaf([2, 3])]]],
  ['mean', () => [(a) => a.mean(1), [leaf([3, 5])]]],
  ['var (unbiased)', () => [(a) => a.var(0), [leaf([5, 3])]]],
  ['var (biased, multi-dim)', () => [(a) => a.var([1, 2], { correction: 0 }), [leaf([2, 3, 4])]]],
  ['std', () => [(a) => a.std(1, { keepdim: true }), [leaf([3, 6])]]],
  ['max (amax)', () => [(a) => a.max(1), [leaf([3, 5])]]],
  ['min (amin, all)', () => [(a) => a.min(), [leaf([3, 5])]]],
  ['logsumexp', () => [(a) => a.logsumexp([0, 1]), [leaf([3, 4])]]],
  ['softmax', () => [(a) => a.softmax(1), [leaf([3, 5])]]],
  ['logSoftmax', () => [(a) => a.logSoftmax(0), [leaf([4, 3])]]],
  ['crossEntropy composite', () => [(a) => crossEntropy(a, tensor([0, 3, 1], { dtype: 'int32' })), [leaf([3, 4])]]],
  ['matmul 2-D', () => [(a, b) => a.matmul(b), [leaf([3, 4]), leaf([4, 2])]]],
  ['matmul batched broadcast', () => [(a, b) => a.matmul(b), [leaf([2, 1, 3, 4]), leaf([3, 4, 2])]]],
  ['matmul 1-D', () => [(a, b) => a.matmul(b), [leaf([4]), leaf([4, 3])]]],
  ['matmul transposed views', () => [(a, b) => a.t().matmul(b.t()), [leaf([4, 3]), leaf([2, 4])]]],
  ['reshape/view', () => [(a) => a.reshape(6, 2).view(-1).mul(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], { dtype: 'float64' })), [leaf([3, 4])]]],
  ['transpose + reshape (copy)', () => [(a) => a.transpose(0, 1).reshape(-1), [leaf([3, 4])]]],
  ['permute', () => [(a) => a.permute(2, 0, 1), [leaf([2, 3, 4])]]],
  ['squeeze/unsqueeze', () => [(a) => a.unsqueeze(1).squeeze(), [leaf([3, 1, 2])]]],
  ['expand', () => [(a) => a.expand(4, 3, 2), [leaf([3, 1])]]],
  ['flatten', () => [(a) => a.flatten(1), [leaf([2, 3, 2])]]],
  ['narrow', () => [(a) => a.narrow(1, 1, 2), [leaf([3, 4])]]],
  ['cat', () => [(a, b) => cat([a, b], 1), [leaf([2, 3]), leaf([2, 2])]]],
  ['stack', () => [(a, b) => stack([a, b], 2), [leaf([2, 3]), leaf([2, 3])]]],
  ['index (repeated rows)', () => [(a) => a.index(tensor([[0, 2], [2, 2], [1, 0]], { dtype: 'int32' })), [leaf([4, 3])]]],
  ['gather', () => [(a) => a.gather(0, tensor([[0, 2], [1, 1]], { dtype: 'int32' })), [leaf([3, 2])]]],
  ['contiguous + clone', () => [(a) => a.t().contiguous().clone(), [leaf([2, 3])]]],
  ['to float32 and back', () => [(a) => a.to('float32').to('float64').mul(2), [tensor([0.5, 0.25], { dtype: 'float64', requiresGrad: true })], { eps: 2 ** -10 }]],
];

describe('gradcheck: analytic gradients equal finite differences (float64)', () => {
  for (const [name, make] of OPS) {
    it(name, () => {
      const [fn, inputs, opts] = make();
      expect(gradcheck(fn, inputs, opts)).toBe(true);
    });
  }

  it('detects a wrong gradient (the check can fail)', () => {
    const x = leaf([3]);
    // A hook that doubles the gradient makes the analytic Jacobian wrong.
    const bad = (a: Tensor) => {
      const y = a.mul(1);
      if (y.requiresGrad) y.registerHook((gr) => gr.mul(2));
      return y.exp();
    };
    expect(gradcheck(bad, [x], { raiseException: false })).toBe(false);
    expect(() => gradcheck(bad, [x])).toThrow(/Jacobian mismatch .* input 0/);
  });

  it('refuses float32 inputs', () => {
    const x = randn([3], { generator: g });
    x.requiresGrad = true;
    expect(() => gradcheck((a) => a.exp(), [x])).toThrow(/float64/);
  });
});
