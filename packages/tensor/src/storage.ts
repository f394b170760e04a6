import type { Backend } from './backend/backend';
import type { DType } from './dtype';

/**
 * The memory behind one or more tensors (a tensor and its views share one storage). `version` counts
 * in-place writes, which the autograd graph checks before using a saved tensor.
 */
export class Storage {
  version = 0;

  constructor(
    readonly backend: Backend,
    readonly data: unknown,
    readonly dtype: DType,
    readonly size: number,
  ) {}
}
