import { cat, stack, arange, where, maximum, minimum, type Tensor } from '../../src';

/** cross-entropy with integer targets, written with the core ops as the seeds' F.cross_entropy. */
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  return logits.logSoftmax(1).gather(1, targets.unsqueeze(1)).mean().neg();
}

/**
 * The poise spelling of each expression in autograd_fixtures.py, line for line.
 */
export const CASES: Record<string, (x: Tensor[], ints: Tensor[]) => Tensor> = {
  broadcast_tanh: ([a, b, c]) => a.mul(b).add(c).tanh(),
  div_pow_sqrt: ([a, b]) => a.div(b).pow(3).add(b.sqrt().sub(a.abs()).pow(2.0)),
  exp_log_sigmoid: ([a]) => a.exp().add(1).log().mul(a.sigmoid()).sub(a.mul(a).add(1).log()),
  relu_leaky_clamp: ([a]) => a.relu().add(a.leakyRelu(0.2).mul(2)).add(a.clamp(-0.5, 0.7)),
  maximum_minimum_where: ([a, b]) => maximum(a, b).sub(minimum(a, b.mul(2))).add(where(a.gt(b), a, b.mul(3))),
  matmul_2d: ([a, w, b]) => a.matmul(w).add(b).relu().mean().mul(3).add(a.matmul(w).sum(1).mean()),
  matmul_batched_broadcast: ([a, b]) => a.matmul(b),
  matmul_vec: ([v, m, u]) => v.matmul(m).mul(m.matmul(u).sum()),
  mean_var_std: ([x]) => x.std(0, { keepdim: true }).add(x.var(1, { keepdim: true, correction: 0 })).add(x.mean()),
  var_multi_dim: ([x]) => x.var([0, 2]).mul(x.std([1, 2], { keepdim: true }).sum()),
  logsumexp_softmax: ([x]) => x.logsumexp(1, { keepdim: true }).add(x.softmax(1).mul(2)).sub(x.logSoftmax(0)),
  cross_entropy: ([x], [y]) => crossEntropy(x, y),
  amax_amin: ([x]) => x.amax(1).mul(2).add(x.amin(0).sum()).add(x.amax()),
  embedding_index: ([C], [idx]) => C.index(idx).view(4, -1).pow(2).sum(1),
  shape_ops: ([x]) =>
    cat([x.permute(2, 0, 1).reshape(4, 6), x.transpose(0, 2).reshape(4, 6).narrow(1, 1, 3).mul(2)], 1).sum(0)
      .add(stack([x.narrow(0, 0, 1).squeeze(0).flatten(), x.narrow(0, 1, 1).squeeze(0).flatten()], 1).sum(1).unsqueeze(0)
        .expand(3, 12).narrow(1, 0, 9).sum(0).narrow(0, 0, 9).sum()),
  gather: ([x], [idx]) => x.gather(1, idx).mul(arange(1, 4, { dtype: x.dtype })),
};
