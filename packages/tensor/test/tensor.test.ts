import { describe, expect, it } from 'vitest';
import {
  arange, cat, eye, full, noGrad, ones, onesLike, randn, stack, tensor, where, zeros, zerosLike, Generator, type Tensor,
} from '../src';

const list = (t: Tensor) => t.tolist();

describe('creation', () => {
  it('infers dtype and shape like torch.tensor', () => {
    expect(tensor([[1, 2], [3, 4]]).dtype).toBe('int32');
    expect(tensor([1.5, 2]).dtype).toBe('float32');
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor([[1, 2], [3, 4]], { dtype: 'float64' }).shape).toEqual([2, 2]);
    expect(tensor(3.5).shape).toEqual([]);
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype).toBe('float64');
  });
  it('builds constants, ranges and the identity', () => {
    expect(list(zeros([2, 2]))).toEqual([[0, 0], [0, 0]]);
    expect(list(ones([3], { dtype: 'int32' }))).toEqual([1, 1, 1]);
    expect(list(full([2], 7.5))).toEqual([7.5, 7.5]);
    expect(list(arange(5))).toEqual([0, 1, 2, 3, 4]);
    expect(list(arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(1, 2, 0.25).dtype).toBe('float32');
    expect(list(arange(10, 0, -3))).toEqual([10, 7, 4, 1]);
    expect(list(eye(2, 3))).toEqual([[1, 0, 0], [0, 1, 0]]);
    const x = randn([2, 3], { dtype: 'float64' });
    expect(zerosLike(x).dtype).toBe('float64');
    expect(onesLike(x).shape).toEqual([2, 3]);
  });
  it('names bad input', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array: expected sequence of length 2 at dim 1 \(got 1\)/);
    expect(() => zeros([2, -1])).toThrow(/zeros: shape \[2,-1\] has an invalid size -1/);
    expect(() => zeros([2.5])).toThrow(RangeError);
    expect(() => arange(0, 1, 0)).toThrow(/step must be nonzero/);
    expect(() => tensor([1, 2], { dtype: 'int64' as never })).toThrow(/unknown dtype "int64"/);
    expect(() => tensor([1, 2], { requiresGrad: true })).toThrow(/only tensors of floating point dtype can require gradients/);
    expect(() => tensor(new Float32Array(5), { shape: [2, 2] })).toThrow(/needs 4 values but the array has 5/);
  });
});

describe('broadcasting and type promotion', () => {
  it('broadcasts trailing dims', () => {
    const a = tensor([[1], [2], [3]], { dtype: 'float32' });
    const b = tensor([10, 20], { dtype: 'float32' });
    expect(a.add(b).shape).toEqual([3, 2]);
    expect(list(a.add(b))).toEqual([[11, 21], [12, 22], [13, 23]]);
    expect(list(a.mul(b).sum(0))).toEqual([60, 120]);
    expect(list(tensor(2.0).sub(b))).toEqual([-8, -18]);
  });
  it('rejects incompatible shapes with both shapes in the message', () => {
    expect(() => ones([3, 2]).add(ones([3]))).toThrow('add: shapes [3, 2] and [3] cannot be broadcast together (dimension -1 has sizes 2 and 3)');
  });
  it('promotes like PyTorch', () => {
    const i = tensor([1, 2, 3]);
    expect(i.add(1).dtype).toBe('int32');
    expect(i.add(1.5).dtype).toBe('float32');
    expect(i.div(2).dtype).toBe('float32');
    expect(list(i.div(2))).toEqual([0.5, 1, 1.5]);
    expect(ones([2]).add(ones([2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(ones([2], { dtype: 'float64' }).mul(0.1).dtype).toBe('float64');
    expect(tensor([true, false]).add(1).dtype).toBe('int32');
    expect(i.gt(1).dtype).toBe('bool');
  });
  it('casts a JS number to float32 before a float32 op, as PyTorch does', () => {
    const x = tensor([3], { dtype: 'float32' });
    // 0.1 is not a float32; PyTorch multiplies by fl32(0.1), which changes the rounded product.
    expect(x.mul(0.1).item()).toBe(Math.fround(3 * Math.fround(0.1)));
  });
});

describe('views share storage, as in PyTorch', () => {
  it('view/transpose/narrow/expand alias the data', () => {
    const x = arange(6, { dtype: 'float32' }).reshape(2, 3);
    const t = x.t();
    expect(t.isContiguous()).toBe(false);
    expect(list(t)).toEqual([[0, 3], [1, 4], [2, 5]]);
    x.narrow(1, 1, 1).fill_(9);
    expect(list(x)).toEqual([[0, 9, 2], [3, 9, 5]]);
    expect(list(t)).toEqual([[0, 3], [9, 9], [2, 5]]);
    expect(x.storage).toBe(t.storage);
    expect(list(ones([3, 1]).expand(3, 2))).toEqual([[1, 1], [1, 1], [1, 1]]);
  });
  it('view refuses non-viewable strides and reshape copies instead', () => {
    const t = ones([2, 3]).t();
    expect(() => t.view(6)).toThrow(/view size \[6\] is not compatible with input tensor's size \[3, 2\] and stride \[1, 3\].*Use .reshape/);
    expect(t.reshape(6).shape).toEqual([6]);
    expect(() => ones([2, 3]).view(4, 2)).toThrow("view: shape [4, 2] is invalid for input of size 6 (shape [2, 3])");
    expect(ones([2, 3, 4]).view(-1, 4).shape).toEqual([6, 4]);
  });
  it('cat, stack, squeeze, unsqueeze, permute', () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4], [5, 6]]);
    expect(list(cat([a, b]))).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(stack([a, a], 0).shape).toEqual([2, 1, 2]);
    expect(a.squeeze().shape).toEqual([2]);
    expect(a.unsqueeze(-1).shape).toEqual([1, 2, 1]);
    expect(ones([2, 3, 4]).permute(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(() => cat([a, tensor([[1, 2, 3]])])).toThrow(/Expected size 2 but got size 3 for tensor number 1/);
  });
});

describe('reductions', () => {
  const x = tensor([[1, 5, 3], [4, 2, 6]], { dtype: 'float64' });
  it('sum/mean/var/std over dims with keepdim', () => {
    expect(list(x.sum(0))).toEqual([5, 7, 9]);
    expect(list(x.sum(1, { keepdim: true }))).toEqual([[9], [12]]);
    expect(x.sum().item()).toBe(21);
    expect(x.mean().item()).toBe(3.5);
    expect(list(x.var(0))).toEqual([4.5, 4.5, 4.5]);
    expect(list(x.var(0, { correction: 0 }))).toEqual([2.25, 2.25, 2.25]);
    expect(x.std().item()).toBeCloseTo(Math.sqrt(17.5 / 5), 12);
    expect(list(x.mean([0, 1], { keepdim: true }))).toEqual([[3.5]]);
  });
  it('max/min/argmax/logsumexp', () => {
    expect(list(x.max(1))).toEqual([5, 6]);
    expect(list(x.min(0))).toEqual([1, 2, 3]);
    expect(list(x.argmax(1))).toEqual([1, 2]);
    expect(x.argmax().item()).toBe(5);
    expect(x.logsumexp(1).item !== undefined).toBe(true);
    expect((x.logsumexp([0, 1]).item())).toBeCloseTo(Math.log([1, 5, 3, 4, 2, 6].reduce((s, v) => s + Math.exp(v), 0)), 12);
    expect(list(tensor([[-Infinity, -Infinity]]).logsumexp(1))).toEqual([-Infinity]);
  });
  it('softmax rows sum to one, even for large logits', () => {
    const s = tensor([[1000, 1001, 1002]], { dtype: 'float64' }).softmax(1);
    expect(s.sum().item()).toBeCloseTo(1, 12);
    expect(Number.isNaN(s.sum().item())).toBe(false);
  });
  it('named errors', () => {
    expect(() => x.sum(2)).toThrow('sum: dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => tensor([1, 2]).mean()).toThrow(/mean: could not infer output dtype/);
    expect(() => zeros([0, 3]).max(0)).toThrow(/cannot reduce over a zero-size dimension/);
    expect(() => x.sum([0, 0])).toThrow(/appears multiple times/);
  });
});

describe('matmul', () => {
  it('multiplies 2-D, 1-D and batched operands', () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    expect(list(a.matmul(a))).toEqual([[7, 10], [15, 22]]);
    expect(list(tensor([1, 1], { dtype: 'float32' }).matmul(a))).toEqual([4, 6]);
    expect(list(a.matmul(tensor([1, 1], { dtype: 'float32' })))).toEqual([3, 7]);
    expect(ones([5, 2, 3]).matmul(ones([3, 4])).shape).toEqual([5, 2, 4]);
    expect(list(a.t().matmul(a))).toEqual([[10, 14], [14, 20]]);
  });
  it('names shape and dtype errors', () => {
    expect(() => ones([32, 30]).matmul(ones([20, 200]))).toThrow('matmul: cannot multiply [32, 30] by [20, 200]: inner dimensions 30 and 20 differ');
    expect(() => ones([2, 2]).matmul(ones([2, 2], { dtype: 'float64' }))).toThrow(/same dtype, but got float32 and float64/);
    expect(() => tensor([[1]]).matmul(tensor([[1]]))).toThrow(/expected a floating point tensor/);
    expect(() => ones([2, 2, 3]).matmul(ones([3, 3, 1]))).toThrow(/batch dimensions of \[2, 2, 3\] and \[3, 3, 1\] cannot be broadcast/);
  });
});

describe('indexing', () => {
  const C = arange(12, { dtype: 'float32' }).reshape(4, 3);
  it('index picks rows with the index shape in front (C[Xb])', () => {
    const idx = tensor([[0, 3], [1, 1]]);
    expect(C.index(idx).shape).toEqual([2, 2, 3]);
    expect(list(C.index(tensor([-1])))).toEqual([[9, 10, 11]]);
  });
  it('index accumulates gradients for repeated rows', () => {
    const W = ones([3, 2]);
    W.requiresGrad = true;
    W.index(tensor([2, 0, 2, 2])).sum().backward();
    expect(list(W.grad!)).toEqual([[1, 1], [0, 0], [3, 3]]);
  });
  it('names out-of-range and non-integer indices', () => {
    expect(() => C.index(tensor([4]))).toThrow('index: index 4 is out of bounds for dimension 0 with size 4');
    expect(() => C.index(tensor([1.5]))).toThrow(/index must be an int32 tensor, got float32/);
    expect(() => C.gather(1, tensor([[3]]))).toThrow(/gather: index 3 is out of bounds for dimension 1 with size 3/);
  });
});

describe('autograd semantics', () => {
  it('accumulates into .grad across backward calls and resets with grad = null', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    x.mul(x).sum().backward();
    x.mul(3).sum().backward();
    expect(list(x.grad!)).toEqual([5, 7, 9]);
    x.grad = null;
    x.sum().backward();
    expect(list(x.grad!)).toEqual([1, 1, 1]);
  });
  it('frees the graph after backward unless retainGraph', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    const grad = x.grad!.toTypedArray();
    expect(grad[0]).toBeCloseTo(2 * Math.E, 5);
    expect(grad[1]).toBeCloseTo(2 * Math.exp(2), 5);
    expect(() => y.backward()).toThrow(/backward through the graph a second time/);
  });
  it('retainGrad keeps a non-leaf gradient; detach and noGrad cut the graph', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const h = x.mul(2).retainGrad();
    h.mul(h).sum().backward();
    expect(list(h.grad!)).toEqual([4, 8]);
    expect(x.mul(2).detach().requiresGrad).toBe(false);
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(x.mul(2).isLeaf).toBe(false);
  });
  it('backward with an explicit gradient, and named errors otherwise', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    x.mul(3).backward(tensor([1, 10], { dtype: 'float32' }));
    expect(list(x.grad!)).toEqual([3, 30]);
    expect(() => x.mul(3).backward()).toThrow('backward: grad can be implicitly created only for scalar outputs, got a tensor of shape [2]; pass a gradient of the same shape');
    expect(() => ones([2]).sum().backward()).toThrow(/does not require grad/);
  });
  it('catches a saved tensor modified in place before backward', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const w = tensor([3, 4], { dtype: 'float32' });
    const y = x.mul(w).sum();
    w.add_(1);
    expect(() => y.backward()).toThrow(/modified by an in-place operation.*version 1; expected version 0/);
  });
  it('in-place ops: refused on leaves that require grad outside noGrad, allowed inside and through .data', () => {
    const p = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    expect(() => p.add_(1)).toThrow(/add_: a leaf tensor that requires grad is being used in an in-place operation/);
    noGrad(() => p.sub_(tensor([0.5, 0.5])));
    p.data.mul_(2);
    expect(list(p)).toEqual([1, 3]);
    expect(p.requiresGrad).toBe(true);
    expect(() => p.data.add_(ones([2, 2]))).toThrow("add_: output with shape [2] doesn't match the broadcast shape [2, 2]");
    const i = tensor([1, 2]);
    expect(() => i.mul_(0.5)).toThrow(/result type float32 can't be cast to the desired output type int32/);
    const z = ones([2, 2]);
    z.zero_();
    expect(list(z)).toEqual([[0, 0], [0, 0]]);
    z.copy_(tensor([1, 2], { dtype: 'float32' }));
    expect(list(z)).toEqual([[1, 2], [1, 2]]);
  });
  it('where/comparisons/maximum have the right values', () => {
    const a = tensor([1, -2, 3], { dtype: 'float32' });
    expect(list(where(a.gt(0), a, 0))).toEqual([1, 0, 3]);
    expect(list(a.ge(1))).toEqual([true, false, true]);
    expect(list(a.maximum(tensor(0.5)))).toEqual([1, 0.5, 3]);
    expect(list(a.clamp(null, 2))).toEqual([1, -2, 2]);
  });
  it('requiresGrad can only be cleared on leaves', () => {
    const x = tensor([1], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(2);
    expect(() => (y.requiresGrad = false)).toThrow(/only change the requiresGrad flag of leaf tensors/);
  });
  it('handles deep graphs without recursion limits', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1e-4);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });
});

describe('reading values and printing', () => {
  it('item, tolist, numel, size', () => {
    expect(tensor([[2.5]]).item()).toBe(2.5);
    expect(() => ones([2]).item()).toThrow(/a Tensor with 2 elements cannot be converted to a number/);
    expect(ones([2, 3]).numel()).toBe(6);
    expect(ones([2, 3]).size(-1)).toBe(3);
  });
  it('prints like PyTorch', () => {
    expect(tensor([[1.5673619508743286, -0.2372923195362091]]).toString()).toBe('tensor([[ 1.5674, -0.2373]])');
    expect(tensor([1, 2, 3]).toString()).toBe('tensor([1, 2, 3], dtype=torch.int32)');
    expect(tensor([1, 2], { dtype: 'float64', requiresGrad: true }).toString()).toBe('tensor([1., 2.], dtype=torch.float64, requires_grad=True)');
    expect(tensor([true, false]).toString()).toBe('tensor([ True, False])');
    expect(tensor(3.25).toString()).toBe('tensor(3.2500)');
    expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
    const y = tensor([1], { dtype: 'float32', requiresGrad: true }).mul(2);
    expect(y.toString()).toBe('tensor([2.], grad_fn=<MulBackward>)');
    expect(zeros([2000]).toString()).toBe('tensor([0., 0., 0.,  ..., 0., 0., 0.])');
    // Wrapped rows and nested dims, exactly as PyTorch 1.13 prints them.
    const C = randn([27, 10], { generator: new Generator().manualSeed(2147483647) });
    expect(C.narrow(0, 0, 2).double().toString()).toBe(
      'tensor([[ 1.5674, -0.2373, -0.0274, -1.1008,  0.2859, -0.0296, -1.5471,  0.6049,\n' +
        '          0.0791,  0.9046],\n' +
        '        [-0.4713,  0.7868, -0.3284, -0.4330,  1.3729,  2.9334,  1.5618, -1.6261,\n' +
        '          0.6772, -0.8404]], dtype=torch.float64)',
    );
    expect(zeros([2, 2, 2]).toString()).toBe('tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])');
  });
});

describe('Generator as used by creation functions', () => {
  it('randn with the seeds\' generator starts with PyTorch\'s values', () => {
    const g = new Generator().manualSeed(2147483647);
    const C = randn([27, 10], { generator: g });
    expect(C.toTypedArray()[0]).toBe(1.5673619508743286);
    expect(C.toTypedArray()[1]).toBe(-0.2372923195362091);
  });
});
