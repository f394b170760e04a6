import type { Backend } from './backend';
import { JsBackend } from './js';

const backends = new Map<string, Backend>();
const js = new JsBackend();
backends.set(js.name, js as Backend);
let current: Backend = js as Backend;

/** Makes a backend available to `setBackend` by its name (`@poise/backend-wasm` calls this). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/** Selects the backend new tensors are created on. Existing tensors stay where they are. */
export function setBackend(backend: string | Backend): void {
  if (typeof backend !== 'string') {
    registerBackend(backend);
    current = backend;
    return;
  }
  const b = backends.get(backend);
  if (b === undefined) {
    throw new RangeError(`setBackend: unknown backend '${backend}'; registered backends: ${[...backends.keys()].join(', ')}`);
  }
  current = b;
}

export function getBackend(name?: string): Backend {
  if (name === undefined) return current;
  const b = backends.get(name);
  if (b === undefined) throw new RangeError(`getBackend: unknown backend '${name}'`);
  return b;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}
