/**
 * @poise/backend-wasm: a WASM-SIMD backend for @poise/tensor over @tensorflow/tfjs-backend-wasm (XNNPACK).
 *
 * ```ts
 * import { useWasm, tidy } from '@poise/backend-wasm';
 * await useWasm();            // registers 'wasm' and 'auto', selects 'auto'
 * const loss = tidy(() => model(x).sub(y).pow(2).mean());
 * ```
 */
import { registerBackend, setBackend, listBackends, type Backend } from '@poise/tensor';
import { WasmBackend, type RoutingMode } from './backend';
import { loadRuntime, type WasmMemoryInfo, type WasmRuntime } from './runtime';
import { DEFAULT_THRESHOLDS } from './thresholds';

export { WasmBackend, type RoutingMode, type WasmData } from './backend';
export { WasmBuffer, type WasmMemoryInfo } from './runtime';
export { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';
export { tidy, dispose, keep } from '@poise/tensor';

export interface UseWasmOptions {
  /**
   * The backend to select: `'auto'` (default; small work in TypeScript, big work in WASM, measured
   * crossovers) or `'wasm'` (all float32/int32/bool storage in the WASM heap).
   */
  backend?: RoutingMode;
}

let runtime: WasmRuntime | null = null;
const backends = new Map<RoutingMode, WasmBackend>();

/**
 * Loads the WASM binary (once; from node_modules, no network), registers the `wasm` and `auto` backends
 * with @poise/tensor and selects one of them (`auto` unless `{ backend: 'wasm' }`). New tensors are
 * created on it; existing ones stay where they are. Returns the selected backend.
 */
export async function useWasm(opts: UseWasmOptions = {}): Promise<WasmBackend> {
  const mode = opts.backend ?? 'auto';
  if (mode !== 'auto' && mode !== 'wasm') throw new RangeError(`useWasm: backend must be 'auto' or 'wasm', got ${JSON.stringify(mode)}`);
  await registerWasm();
  const b = backends.get(mode)!;
  setBackend(b as Backend);
  return b;
}

/** Loads the runtime and registers `wasm` and `auto` without selecting either. */
export async function registerWasm(): Promise<void> {
  runtime ??= await loadRuntime();
  for (const mode of ['wasm', 'auto'] as const) {
    if (!backends.has(mode) || !listBackends().includes(mode)) {
      const b = backends.get(mode) ?? new WasmBackend(runtime, mode, mode, { ...DEFAULT_THRESHOLDS });
      backends.set(mode, b);
      registerBackend(b as Backend);
    }
  }
}

/** WASM heap size and live storage (bytes, handles), and how many handles the GC backstop freed. */
export function wasmMemory(): WasmMemoryInfo {
  if (runtime === null) throw new Error('wasmMemory: call `await useWasm()` first');
  return runtime.memory();
}

/** Whether the loaded binary uses WASM SIMD, and how many threads XNNPACK runs (1 under Node: see README). */
export function wasmInfo(): { simd: boolean; threads: number } {
  if (runtime === null) throw new Error('wasmInfo: call `await useWasm()` first');
  return { simd: runtime.simd, threads: runtime.threads };
}

/** The registered `auto` or `wasm` backend (after `useWasm`/`registerWasm`). */
export function wasmBackend(mode: RoutingMode = 'auto'): WasmBackend {
  const b = backends.get(mode);
  if (b === undefined) throw new Error('wasmBackend: call `await useWasm()` first');
  return b;
}
