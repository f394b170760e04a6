import type { Tensor } from '../tensor';
import { noGrad } from './grad-mode';
import { checkGradients, isAnomalyEnabled } from './anomaly';

/**
 * Reverse-mode traversal. Tensors are visited in reverse topological order, so every contribution to a
 * tensor's gradient is summed before its own node runs; leaves that require grad accumulate into `.grad`.
 */
export function runBackward(root: Tensor, rootGrad: Tensor, retainGraph: boolean): void {
  const order = topologicalOrder(root);
  const pending = new Map<Tensor, Tensor>();
  pending.set(root, rootGrad);
  noGrad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      let g = pending.get(t);
      if (g === undefined) continue;
      pending.delete(t);
      g = t._runHooks(g);
      const node = t.gradFn;
      if (node === null) {
        if (t.requiresGrad) t._accumulateGrad(g);
        continue;
      }
      if (t._retainsGrad) t._accumulateGrad(g);
      const inputGrads = node.apply(g);
      markRepeatedGradients(inputGrads);
      if (isAnomalyEnabled()) checkGradients(node.name, node.forwardStack, inputGrads);
      if (!retainGraph) node.release();
      const inputs = node.inputs;
      for (let k = 0; k < inputs.length; k++) {
        const input = inputs[k];
        const gi = inputGrads[k];
        if (!input.requiresGrad || gi === null || gi === undefined) continue;
        const prev = pending.get(input);
        pending.set(input, prev === undefined ? gi : prev.add(gi));
      }
    }
  });
}

/**
 * A backward may hand the same gradient (or views of one storage) to several inputs: `a + b` gives g to both.
 * Those storages are marked shared so that no leaf adopts one as its `.grad` without a copy (see
 * Tensor._accumulateGrad); a gradient a backward computed for one input alone is adopted as is.
 */
function markRepeatedGradients(grads: readonly (Tensor | null | undefined)[]): void {
  for (let i = 0; i < grads.length; i++) {
    const gi = grads[i];
    if (gi === null || gi === undefined) continue;
    for (let j = i + 1; j < grads.length; j++) {
      const gj = grads[j];
      if (gj !== null && gj !== undefined && gj.storage === gi.storage) {
        gi._markGradShared();
        break;
      }
    }
  }
}

/** Post-order DFS (iterative, so deep graphs do not overflow the stack) over tensors that require grad. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, next] = top;
    const inputs = t.gradFn?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const child = inputs[next];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}
