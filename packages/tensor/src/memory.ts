/**
 * Deterministic memory for backends whose storage lives outside the JS heap (`@poise/backend-wasm` keeps
 * float32 storage in the WASM heap, which the garbage collector cannot see and which never shrinks):
 *
 * - `tidy(fn)` runs `fn` and then frees every storage created inside it, except the storage of the tensors
 *   `fn` returns (a tensor, or arrays / plain objects / Maps of them) and of tensors passed to `keep`.
 *   Returned storage is handed to the enclosing scope, so nested scopes compose. If `fn` throws, everything
 *   created inside is freed. `fn` must be synchronous.
 * - `dispose(x)` frees the storage of a tensor (or of the tensors in an array / object) now.
 * - `keep(t)` exempts a tensor's storage from every scope (a parameter created lazily inside a step, say).
 *
 * A tensor and its views share one storage: disposing any of them frees them all. On the js backend storage
 * is garbage-collected, so these calls only mark it (and `tidy` records nothing). Use after free is caught
 * by backends that hold outside memory (they throw, naming the disposed tensor's dtype and size).
 */
import { openScopes, Storage } from './storage';

/** Something that holds tensors: a tensor (anything with a `storage`), or arrays, plain objects and Maps of them. */
export type TensorContainer = unknown;

function collect(value: unknown, into: Set<Storage>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  const storage = (value as { storage?: unknown }).storage;
  if (storage instanceof Storage) {
    into.add(storage);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into, seen);
  } else if (value instanceof Map) {
    for (const v of value.values()) collect(v, into, seen);
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) for (const v of Object.values(value)) collect(v, into, seen);
  }
}

/**
 * Runs `fn` and frees the backend memory of every tensor created inside it, except the tensors it returns
 * (and kept ones). Like `tf.tidy`: wrap each training step in one so the WASM heap stays flat.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('tidy: expected a function');
  const scope: Storage[] = [];
  openScopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    openScopes.splice(openScopes.lastIndexOf(scope), 1);
    for (const s of scope) if (!s.kept) s.dispose();
    throw e;
  }
  openScopes.splice(openScopes.lastIndexOf(scope), 1);
  if (result !== null && typeof (result as { then?: unknown })?.then === 'function') {
    for (const s of scope) if (!s.kept) s.dispose();
    throw new TypeError('tidy: fn returned a Promise; tidy scopes are synchronous (await outside, tidy inside)');
  }
  const live = new Set<Storage>();
  collect(result, live, new Set());
  const outer = openScopes.length > 0 ? openScopes[openScopes.length - 1] : null;
  for (const s of scope) {
    if (s.kept || s.disposed) continue;
    if (live.has(s)) outer?.push(s);
    else s.dispose();
  }
  return result;
}

/** Frees the storage of `x` (a tensor, or the tensors in an array, plain object or Map) now. */
export function dispose(x: TensorContainer): void {
  const storages = new Set<Storage>();
  collect(x, storages, new Set());
  for (const s of storages) s.dispose();
}

/** Exempts `t`'s storage from every `tidy` scope (it is then freed only by `dispose` or the backend's GC backstop). */
export function keep<T>(t: T): T {
  const storages = new Set<Storage>();
  collect(t, storages, new Set());
  for (const s of storages) s.kept = true;
  return t;
}
