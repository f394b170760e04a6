/**
 * The WASM runtime: loads `@tensorflow/tfjs-backend-wasm` (the SIMD build, from node_modules, no network),
 * and owns the storage handles that live in its heap. Kernels are called as tfjs registered kernel
 * functions (no tfjs engine, no tfjs Tensor objects) or, for matmul, as the exported C function itself.
 */
import type { DType, TypedArray } from '@poise/tensor';

/** What we use of tfjs-backend-wasm's `BackendWasm` (public in JS, partly private in its typings). */
export interface TfjsWasmBackend {
  wasm: EmscriptenModule & {
    HEAPU8: Uint8Array;
    HEAP32: Int32Array;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    _register_tensor(id: number, size: number, ptr: number): void;
    _dispose_data(id: number): void;
    _BatchMatMul(aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number, ta: number, tb: number, outId: number): void;
    _Conv2D(...args: number[]): void;
    _Conv2DBackpropInput(...args: number[]): void;
  };
  dataIdMap: { get(id: object): TensorData | undefined; set(id: object, d: TensorData): void; delete(id: object): void; has(id: object): boolean };
  dataIdNextNumber: number;
  write(values: TypedArray | null, shape: number[], dtype: string): object;
  disposeData(dataId: object, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number): TensorInfo;
}

interface EmscriptenModule {
  HEAPF32: Float32Array;
}

export interface TensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: string;
  refCount: number;
}

/** tfjs's TensorInfo: what a registered kernel function takes and returns. */
export interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

export type KernelFunc = (args: { inputs: Record<string, TensorInfo>; backend: TfjsWasmBackend; attrs?: Record<string, unknown> }) => TensorInfo;

/** The dtypes stored in the WASM heap (tfjs-wasm has no float64). */
export type WasmDType = 'float32' | 'int32' | 'bool';

const BYTES: Record<WasmDType, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * A storage handle that owns `size` elements of WASM heap memory at byte offset `ptr`. `view()` gives a
 * typed array over it, re-made whenever the heap has grown (growth detaches old views). The C-side tensor
 * id can change (`rekey`) so that XNNPACK operators cached on the old id (packed matmul weights) are dropped.
 */
export class WasmBuffer {
  freed = false;
  /** XNNPACK packed this buffer as a matmul B operand for this `K x N` (cached on its C id). */
  packedAs: string | null = null;
  private cached: TypedArray | null = null;

  constructor(
    readonly rt: WasmRuntime,
    readonly dataId: object,
    readonly ptr: number,
    readonly dtype: WasmDType,
    readonly size: number,
  ) {}

  /** The C-side tensor id (kernels address tensors by it). */
  get id(): number {
    return this.rt.entry(this.dataId).id;
  }

  get bytes(): number {
    return this.size * BYTES[this.dtype];
  }

  /** A typed array over this buffer's elements; valid until the next WASM allocation. */
  view(): TypedArray {
    if (this.freed) throw disposedError(this.dtype, this.size);
    const heap = this.rt.heap();
    const c = this.cached;
    if (c !== null && c.buffer === heap) return c;
    const v = typedView(heap, this.dtype, this.ptr, this.size);
    this.cached = v;
    return v;
  }
}

export function disposedError(dtype: string, size: number): Error {
  return new Error(
    `tensor used after its WASM storage was freed (${dtype}, ${size} elements): it was disposed by dispose() or at the end ` +
      'of a tidy() scope; return it from the scope or keep() it to use it later',
  );
}

function typedView(heap: ArrayBuffer, dtype: WasmDType, ptr: number, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(heap, ptr, size);
    case 'int32': return new Int32Array(heap, ptr, size);
    case 'bool': return new Uint8Array(heap, ptr, size);
  }
}

export function isWasmDType(dtype: DType): dtype is WasmDType {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

/** Live WASM memory, for tests and the memory report. */
export interface WasmMemoryInfo {
  /** Size of the WASM heap in bytes (it grows on demand and never shrinks). */
  heapBytes: number;
  /** Bytes held by live tensor storage handles. */
  liveBytes: number;
  /** Number of live storage handles. */
  liveBuffers: number;
  /** Handles freed by the FinalizationRegistry backstop (tensors nobody disposed). */
  finalized: number;
}

export class WasmRuntime {
  liveBytes = 0;
  liveBuffers = 0;
  finalized = 0;
  private readonly registry: FinalizationRegistry<{ dataId: object; bytes: number }>;
  private readonly kernels = new Map<string, KernelFunc>();
  /** A small malloc'd scratch area for shape arrays passed to C functions. */
  readonly scratch: number;

  constructor(
    readonly be: TfjsWasmBackend,
    private readonly getKernel: (name: string) => KernelFunc | undefined,
    readonly simd: boolean,
    readonly threads: number,
  ) {
    this.registry = new FinalizationRegistry(({ dataId, bytes }) => {
      // The tensor was never disposed and is now unreachable: free its memory (the backstop).
      if (this.be.dataIdMap.has(dataId)) {
        this.be.disposeData(dataId, true);
        this.liveBytes -= bytes;
        this.liveBuffers--;
        this.finalized++;
      }
    });
    this.scratch = be.wasm._malloc(256);
  }

  heap(): ArrayBuffer {
    return this.be.wasm.HEAPU8.buffer as ArrayBuffer;
  }

  entry(dataId: object): TensorData {
    const e = this.be.dataIdMap.get(dataId);
    if (e === undefined) throw new Error('backend-wasm: unknown WASM data id (storage already freed)');
    return e;
  }

  kernel(name: string): KernelFunc {
    let k = this.kernels.get(name);
    if (k === undefined) {
      k = this.getKernel(name);
      if (k === undefined) throw new Error(`backend-wasm: tfjs-backend-wasm has no kernel ${name}`);
      this.kernels.set(name, k);
    }
    return k;
  }

  /** A new buffer of `size` elements (contents undefined). */
  alloc(dtype: WasmDType, size: number): WasmBuffer {
    const dataId = this.be.write(null, [size], dtype);
    return this.adoptOutput(dataId, dtype, size);
  }

  /** Takes ownership of memory a tfjs kernel allocated for its output. */
  adoptOutput(dataId: object, dtype: WasmDType, size: number): WasmBuffer {
    const e = this.entry(dataId);
    const buf = new WasmBuffer(this, dataId, e.memoryOffset, dtype, size);
    const bytes = buf.bytes;
    this.liveBytes += bytes;
    this.liveBuffers++;
    this.registry.register(buf, { dataId, bytes }, buf);
    return buf;
  }

  free(buf: WasmBuffer): void {
    if (buf.freed) return;
    buf.freed = true;
    this.registry.unregister(buf);
    this.be.disposeData(buf.dataId, true);
    this.liveBytes -= buf.bytes;
    this.liveBuffers--;
  }

  /**
   * Gives the buffer a new C-side id, dropping the XNNPACK operators cached on the old one (packed weights).
   * Called before every write into a buffer that was used as a matmul weight: XNNPACK would otherwise keep
   * multiplying by the old, packed values (stale results).
   */
  rekey(buf: WasmBuffer): void {
    if (buf.packedAs === null) return;
    const e = this.entry(buf.dataId);
    this.be.wasm._dispose_data(e.id);
    const id = this.be.dataIdNextNumber++;
    this.be.wasm._register_tensor(id, buf.size, buf.ptr);
    e.id = id;
    buf.packedAs = null;
  }

  /**
   * A temporary tfjs tensor registration for `size` elements at byte offset `ptr` inside an existing buffer
   * (no memory of its own). Release it with `unalias`, never with disposeData (which would free the memory).
   */
  alias(ptr: number, dtype: WasmDType, size: number): object {
    const id = this.be.dataIdNextNumber++;
    const dataId = { id };
    this.be.dataIdMap.set(dataId, { id, memoryOffset: ptr, shape: [size], dtype, refCount: 1 });
    this.be.wasm._register_tensor(id, size, ptr);
    return dataId;
  }

  unalias(dataId: object): void {
    const e = this.be.dataIdMap.get(dataId);
    if (e === undefined) return;
    this.be.wasm._dispose_data(e.id);
    this.be.dataIdMap.delete(dataId);
  }

  memory(): WasmMemoryInfo {
    return { heapBytes: this.heap().byteLength, liveBytes: this.liveBytes, liveBuffers: this.liveBuffers, finalized: this.finalized };
  }
}

export function bytesPer(dtype: WasmDType): number {
  return BYTES[dtype];
}

let loading: Promise<WasmRuntime> | null = null;

/**
 * Loads tfjs-backend-wasm once per process. The binary comes from the package's own folder in
 * node_modules (tfjs reads it with fs under Node), so nothing is fetched. tfjs-core's own global backend is
 * set to 'wasm' as a side effect (that is how tfjs runs a backend's kernel setup).
 */
export function loadRuntime(): Promise<WasmRuntime> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tf = require('@tensorflow/tfjs-core') as typeof import('@tensorflow/tfjs-core');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tfw = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('useWasm: @tensorflow/tfjs-backend-wasm failed to initialize (see the messages above)');
    await tf.ready();
    const be = tf.engine().findBackend('wasm') as unknown as TfjsWasmBackend;
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
    const getKernel = (name: string): KernelFunc | undefined => tf.getKernel(name, 'wasm')?.kernelFunc as KernelFunc | undefined;
    return new WasmRuntime(be, getKernel, simd, tfw.getThreadsCount());
  })();
  loading.catch(() => (loading = null));
  return loading;
}
