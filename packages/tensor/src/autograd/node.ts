import type { Tensor } from '../tensor';
import { captureForwardStack, isAnomalyEnabled } from './anomaly';

/** Computes the gradients of an op's inputs from the gradient of its output (one entry per input). */
export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

/**
 * One recorded op in the autograd graph (PyTorch's `grad_fn`). It holds the op's inputs, the backward
 * closure (which captures whatever the forward saved), and the storage versions of saved tensors so that
 * an in-place change between forward and backward is an error rather than a silently wrong gradient.
 */
export class Node {
  private backwardFn: BackwardFn | null;
  private readonly savedVersions: number[];
  /** Where the forward call that created this node was made; captured only in `detectAnomaly` mode. */
  readonly forwardStack: string | null;

  constructor(
    readonly name: string,
    readonly inputs: readonly Tensor[],
    backward: BackwardFn,
    private readonly saved: readonly Tensor[],
  ) {
    this.backwardFn = backward;
    this.savedVersions = saved.map((t) => t.storage.version);
    this.forwardStack = isAnomalyEnabled() ? captureForwardStack() : null;
  }

  get freed(): boolean {
    return this.backwardFn === null;
  }

  apply(grad: Tensor): (Tensor | null)[] {
    if (this.backwardFn === null) {
      throw new Error(
        `backward: trying to backward through the graph a second time (through ${this.name}), or to access saved ` +
          `tensors after they have been freed. Saved intermediate values of the graph are freed when you call ` +
          `backward(); pass { retainGraph: true } to the first backward() if you need to backward through it again.`,
      );
    }
    for (let i = 0; i < this.saved.length; i++) {
      const t = this.saved[i];
      if (t.storage.version !== this.savedVersions[i]) {
        throw new Error(
          `backward: one of the tensors needed by ${this.name} for gradient computation has been modified by an ` +
            `in-place operation: a ${t.dtype} tensor of shape [${t.shape.join(', ')}] is at version ` +
            `${t.storage.version}; expected version ${this.savedVersions[i]} instead.`,
        );
      }
    }
    return this.backwardFn(grad);
  }

  /** Drops the closure (and with it every saved tensor) once backward no longer needs it. */
  release(): void {
    this.backwardFn = null;
  }
}
