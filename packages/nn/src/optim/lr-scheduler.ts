import type { Optimizer } from './optimizer';

/**
 * Learning-rate schedules in torch.optim.lr_scheduler's style: call `step()` once per epoch (or per
 * iteration, as the seeds do) after `optimizer.step()`; the group learning rates are set from the
 * initial ones.
 */
export abstract class LRScheduler {
  lastEpoch = 0;
  private readonly baseLrs: number[];

  constructor(protected readonly optimizer: Optimizer<{ lr: number }>) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.options.lr);
  }

  /** The factor applied to the initial learning rates at `epoch`. */
  protected abstract factor(epoch: number): number;

  step(): void {
    this.lastEpoch++;
    const f = this.factor(this.lastEpoch);
    this.optimizer.paramGroups.forEach((g, i) => (g.options.lr = this.baseLrs[i] * f));
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.options.lr);
  }
}

/** lr = base * gamma^floor(epoch / stepSize). */
export class StepLR extends LRScheduler {
  constructor(optimizer: Optimizer<{ lr: number }>, readonly stepSize: number, readonly gamma = 0.1) {
    super(optimizer);
    if (!Number.isInteger(stepSize) || stepSize <= 0) throw new RangeError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
  }

  protected factor(epoch: number): number {
    return this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/** lr = base * gamma^(number of milestones passed); the seeds' `0.1 if i < 100000 else 0.01`. */
export class MultiStepLR extends LRScheduler {
  private readonly milestones: number[];

  constructor(optimizer: Optimizer<{ lr: number }>, milestones: readonly number[], readonly gamma = 0.1) {
    super(optimizer);
    this.milestones = [...milestones].sort((a, b) => a - b);
    if (this.milestones.some((m) => !Number.isInteger(m) || m < 0)) throw new RangeError('MultiStepLR: milestones must be non-negative integers');
  }

  protected factor(epoch: number): number {
    return this.gamma ** this.milestones.filter((m) => m <= epoch).length;
  }
}

/** lr = base * fn(epoch). */
export class LambdaLR extends LRScheduler {
  constructor(optimizer: Optimizer<{ lr: number }>, private readonly fn: (epoch: number) => number) {
    super(optimizer);
  }

  protected factor(epoch: number): number {
    return this.fn(epoch);
  }
}
