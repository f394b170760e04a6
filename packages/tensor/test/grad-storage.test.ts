import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../src';

/**
 * `.grad` adopts the first gradient without a copy when nothing else can hold it; these are the cases where
 * something else does, and where adopting it would make an in-place update of `.grad` leak elsewhere.
 */
describe('.grad never shares storage with a tensor someone else holds', () => {
  it('two leaves fed the same gradient by an add', () => {
    const a = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const b = tensor([4, 5, 6], { dtype: 'float32', requiresGrad: true });
    a.add(b).sum().backward();
    a.grad!.mul_(10);
    expect(b.grad!.tolist()).toEqual([1, 1, 1]);
  });

  it('a gradient a hook kept on an intermediate tensor', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const h = x.mul(1).add(x.mul(0)); // an intermediate whose gradient is passed on unchanged by the add
    let seen: Tensor | null = null;
    h.registerHook((g) => void (seen = g));
    const y = tensor([7, 8, 9], { dtype: 'float32', requiresGrad: true });
    h.add(y).mul(2).sum().backward();
    y.grad!.zero_();
    expect(seen!.tolist()).toEqual([2, 2, 2]);
  });

  it('the gradient a caller passed to backward()', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const g = tensor([1, 1, 1], { dtype: 'float32' });
    x.add(0).backward(g);
    x.grad!.mul_(3);
    expect(g.tolist()).toEqual([1, 1, 1]);
    expect(x.grad!.tolist()).toEqual([3, 3, 3]);
  });

  it('a retained intermediate gradient and a leaf fed the same one', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const h = x.mul(3).retainGrad();
    const y = tensor([5, 6], { dtype: 'float32', requiresGrad: true });
    h.add(y).sum().backward();
    y.grad!.mul_(100);
    expect(h.grad!.tolist()).toEqual([1, 1]);
    expect(x.grad!.tolist()).toEqual([3, 3]);
  });
});
