import type { Backend } from './backend/backend';
import type { DType } from './dtype';

/**
 * The open `tidy` scopes (see memory.ts), innermost last. A storage created while a scope is open on a
 * backend that holds memory outside the JS heap (one with `free`) is recorded in the innermost scope.
 * @internal
 */
export const openScopes: Storage[][] = [];

/**
 * The memory behind one or more tensors (a tensor and its views share one storage). `version` counts
 * in-place writes, which the autograd graph checks before using a saved tensor.
 */
export class Storage {
  version = 0;
  /** True once `dispose()` ran: the backend memory is gone and the tensors on it must not be used. */
  disposed = false;
  /** Set by `keep()`: no `tidy` scope frees this storage. */
  kept = false;

  constructor(
    readonly backend: Backend,
    readonly data: unknown,
    readonly dtype: DType,
    readonly size: number,
  ) {
    if (openScopes.length > 0 && backend.free !== undefined) openScopes[openScopes.length - 1].push(this);
  }

  /**
   * Frees the backend memory now (`backend.free`), for every tensor that shares this storage. Idempotent;
   * on backends whose storage is garbage-collected (js) it only marks the storage.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.backend.free?.(this.data);
  }
}
