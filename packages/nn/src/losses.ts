import { Tensor, adoptArray, allocValues, customOp, readValues, fmtShape, isFloat } from '@poise/tensor';

export type Reduction = 'mean' | 'sum' | 'none';

export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Targets equal to this index contribute nothing (and do not count in the mean). PyTorch's default: -100. */
  ignoreIndex?: number;
  /** Mixes the one-hot target with the uniform distribution, as PyTorch's `label_smoothing`. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits [N, C] against int32 class targets [N], i.e. `F.cross_entropy`: the mean over
 * the batch of logsumexp(x_i) - x_i[y_i]. One fused pass forward (a stable logsumexp per row) and one pass
 * backward ((softmax(x_i) - onehot(y_i)) * g / count), instead of the half-dozen ops of the composite.
 */
export function crossEntropy(logits: Tensor, targets: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const smoothing = opts.labelSmoothing ?? 0;
  if (!(logits instanceof Tensor) || !(targets instanceof Tensor)) throw new TypeError('crossEntropy: logits and targets must be Tensors');
  if (!isFloat(logits.dtype)) throw new TypeError(`crossEntropy: logits must be float32 or float64, got ${logits.dtype}`);
  if (targets.dtype !== 'int32') {
    throw new TypeError(`crossEntropy: targets must be int32 class indices, got ${targets.dtype} tensor of shape ${fmtShape(targets.shape)}`);
  }
  if (logits.ndim !== 2 || targets.ndim !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new RangeError(`crossEntropy: expected logits [N, C] and targets [N], got ${fmtShape(logits.shape)} and ${fmtShape(targets.shape)}`);
  }
  if (!['mean', 'sum', 'none'].includes(reduction)) throw new RangeError(`crossEntropy: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  if (!(smoothing >= 0 && smoothing <= 1)) throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${smoothing}`);
  const [n, c] = logits.shape;
  const x = readValues(logits);
  const y = readValues(targets);
  const lse = new Float64Array(n);
  const losses = allocValues(logits.dtype, n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = y[i];
    if (t === ignoreIndex) continue;
    if (t < 0 || t >= c) throw new RangeError(`crossEntropy: target ${t} is out of bounds for ${c} classes (row ${i})`);
    const row = i * c;
    let m = -Infinity;
    for (let j = 0; j < c; j++) if (x[row + j] > m) m = x[row + j];
    let s = 0;
    let sumX = 0;
    for (let j = 0; j < c; j++) {
      s += Math.exp(x[row + j] - m);
      sumX += x[row + j];
    }
    const l = m + Math.log(s);
    lse[i] = l;
    // With smoothing the target is (1 - e) * onehot + e / C.
    losses[i] = (1 - smoothing) * (l - x[row + t]) + (smoothing / c) * (c * l - sumX);
    count++;
  }
  let out: Tensor;
  if (reduction === 'none') out = adoptArray(losses, [n]);
  else {
    let total = 0;
    for (let i = 0; i < n; i++) total += losses[i];
    const v = allocValues(logits.dtype, 1);
    v[0] = reduction === 'mean' ? (count > 0 ? total / count : NaN) : total;
    out = adoptArray(v, []);
  }
  return customOp('CrossEntropyBackward', [logits], out, (g) => {
    const gv = readValues(g);
    const dx = allocValues(logits.dtype, n * c);
    for (let i = 0; i < n; i++) {
      const t = y[i];
      if (t === ignoreIndex) continue;
      const scale = reduction === 'none' ? gv[i] : reduction === 'mean' ? gv[0] / count : gv[0];
      const row = i * c;
      const l = lse[i];
      for (let j = 0; j < c; j++) dx[row + j] = (Math.exp(x[row + j] - l) - smoothing / c) * scale;
      dx[row + t] -= (1 - smoothing) * scale;
    }
    return [adoptArray(dx, [n, c])];
  }, [logits, targets]);
}

/** Mean squared error, `F.mse_loss`, with PyTorch's reductions; shapes must broadcast to the input's. */
export function mse(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  const reduction = opts.reduction ?? 'mean';
  if (!(input instanceof Tensor) || !(target instanceof Tensor)) throw new TypeError('mse: input and target must be Tensors');
  const d = input.sub(target);
  const sq = d.mul(d);
  if (reduction === 'none') return sq;
  if (reduction === 'sum') return sq.sum();
  if (reduction === 'mean') return sq.mean();
  throw new RangeError(`mse: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}
