/**
 * @poise/numjs: move arrays between [numjs](https://github.com/nicolaspanel/numjs) and `@poise/tensor`.
 *
 * `fromNumjs(a)` is `torch.from_numpy(a)` and `toNumjs(t)` is `t.numpy()`, except that both copy (a
 * tensor's storage belongs to its backend, so sharing memory with a numjs array is not safe). Shapes are
 * kept, and so are values: float32 and float64 stay float32 and float64, int32 stays int32. numjs stays
 * out of the core: this package is the only one that knows about it, and loads it only in `toNumjs`.
 */
import { tensor, type DType, type Tensor } from '@poise/tensor';

/** A scijs `ndarray`: what a numjs array keeps in its `selection` (data, shape, strides, offset, dtype). */
export interface NdarrayLike {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
  readonly dtype: string;
}

/**
 * What `fromNumjs` takes: a numjs `NdArray` of any dtype (its data lives in `selection`, a scijs
 * ndarray), or a scijs `ndarray` itself. Typed loosely because numjs's own typings give arrays many
 * generic shapes (`NdArray<number[]>`, `NdArray<number[][]>`, ...); the value is checked at run time.
 */
export interface NumjsArrayInput {
  readonly shape: readonly number[];
}

/**
 * A numjs `NdArray`, as `toNumjs` returns it: the members used most are typed, and every other numjs
 * method is there too, typed `any` (numjs ships no typings of its own).
 */
export interface NumjsNdArray {
  readonly shape: number[];
  readonly dtype: string;
  readonly size: number;
  readonly ndim: number;
  /** The scijs ndarray holding the data. */
  readonly selection: NdarrayLike;
  tolist(): unknown[];
  get(...index: number[]): number;
  flatten(): NumjsNdArray;
  reshape(...shape: number[]): NumjsNdArray;
  transpose(...axes: number[]): NumjsNdArray;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [member: string]: any;
}

/** The numjs module's parts used by `toNumjs` (`NdArray` and the `ndarray` factory it re-exports). */
interface NumjsModule {
  NdArray: new (selection: unknown) => NumjsNdArray;
  ndarray: (data: ArrayLike<number>, shape: number[]) => unknown;
}

/** The tensor dtypes `fromNumjs` can produce. */
export type FromNumjsDType = Exclude<DType, 'bool'>;

export interface FromNumjsOptions {
  /**
   * The tensor's dtype. Default: the array's own when a tensor has it (`float32`, `float64`, `int32`);
   * `float64` for numjs's default `'array'` dtype (JavaScript numbers are doubles) and for `uint32`;
   * `int32` for the smaller integer types (`int8`, `int16`, `uint8`, `uint16`, `uint8_clamped`).
   */
  dtype?: FromNumjsDType;
  /** Sets `requiresGrad` on the new tensor (floating-point dtypes only). */
  requiresGrad?: boolean;
}

const DEFAULT_DTYPE: Record<string, FromNumjsDType> = {
  float32: 'float32',
  float64: 'float64',
  int32: 'int32',
  array: 'float64',
  generic: 'float64',
  uint32: 'float64',
  int8: 'int32',
  int16: 'int32',
  uint8: 'int32',
  uint16: 'int32',
  uint8_clamped: 'int32',
};

const ARRAY_TYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

function isNdarray(a: unknown): a is NdarrayLike {
  if (typeof a !== 'object' || a === null) return false;
  const nd = a as Partial<NdarrayLike>;
  return Array.isArray(nd.shape) && Array.isArray(nd.stride) && typeof nd.offset === 'number' && nd.data !== undefined && nd.data !== null;
}

/** The scijs ndarray behind a numjs array (its `selection`), or the argument itself if it is one. */
function selectionOf(a: unknown): NdarrayLike | undefined {
  const sel = typeof a === 'object' && a !== null ? (a as { selection?: unknown }).selection : undefined;
  if (isNdarray(sel)) return sel;
  return isNdarray(a) ? a : undefined;
}

function describe(a: unknown): string {
  if (a === null) return 'null';
  if (typeof a !== 'object') return typeof a;
  return (a as object).constructor?.name ?? 'object';
}

/**
 * A tensor with the numjs array's shape and values (a copy). Any strides work: a transposed or sliced
 * numjs view is read in its logical row-major order, as `torch.tensor(a)` would. A plain scijs `ndarray`
 * (what numjs keeps in `a.selection`) is accepted too.
 *
 * ```ts
 * const a = nj.array([[1.5, 2], [3, 4]], 'float32');
 * fromNumjs(a); // tensor([[1.5000, 2.0000], [3.0000, 4.0000]]), float32, shape [2, 2]
 * ```
 */
export function fromNumjs(a: NumjsArrayInput, opts: FromNumjsOptions = {}): Tensor {
  const sel = selectionOf(a);
  if (!sel) {
    throw new TypeError(`fromNumjs: expected a numjs NdArray (or a scijs ndarray), got ${describe(a)}`);
  }
  const { data, shape, stride, offset, dtype: own } = sel;
  const dtype = opts.dtype ?? DEFAULT_DTYPE[own];
  if (dtype === undefined) {
    throw new TypeError(`fromNumjs: numjs arrays of dtype '${own}' are not supported; pass { dtype: 'float32' | 'float64' | 'int32' }`);
  }
  if (!(dtype in ARRAY_TYPES)) {
    throw new TypeError(`fromNumjs: dtype must be 'float32', 'float64' or 'int32', got ${JSON.stringify(dtype)}`);
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`fromNumjs: invalid shape [${shape.join(', ')}]`);
  }
  const n = shape.reduce((p, d) => p * d, 1);
  const out = new ARRAY_TYPES[dtype as keyof typeof ARRAY_TYPES](n);
  const nd = shape.length;
  if (n > 0) {
    // Walk the logical indices in row-major order; the innermost dimension is a strided run.
    const idx = new Array<number>(nd).fill(0);
    const inner = nd === 0 ? 1 : shape[nd - 1];
    const innerStride = nd === 0 ? 0 : stride[nd - 1];
    let k = 0;
    let base = offset;
    for (;;) {
      for (let j = 0, p = base; j < inner; j++, p += innerStride) {
        const v = data[p];
        if (dtype === 'int32' && !Number.isInteger(v)) {
          throw new RangeError(`fromNumjs: value ${v} at flat index ${k} is not an integer; use { dtype: 'float32' } or 'float64'`);
        }
        out[k++] = v;
      }
      // Advance the outer indices (all but the last).
      let d = nd - 2;
      for (; d >= 0; d--) {
        idx[d]++;
        base += stride[d];
        if (idx[d] < shape[d]) break;
        base -= stride[d] * shape[d];
        idx[d] = 0;
      }
      if (d < 0) break;
    }
  }
  return tensor(out, { shape: [...shape], requiresGrad: opts.requiresGrad });
}

let numjs: NumjsModule | undefined;

function loadNumjs(): NumjsModule {
  if (!numjs) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      numjs = require('numjs') as NumjsModule;
    } catch (e) {
      throw new Error(`toNumjs: could not load numjs (a peer dependency of @poise/numjs): install it with 'npm install numjs' (${(e as Error).message})`);
    }
  }
  return numjs;
}

/**
 * A numjs array with the tensor's shape, dtype and values (a copy, detached from autograd):
 * float32 -> `'float32'`, float64 -> `'float64'`, int32 -> `'int32'`, bool -> `'uint8'` (0 and 1).
 * numjs has no 0-d arrays: a scalar tensor becomes shape [1].
 */
export function toNumjs(t: Tensor): NumjsNdArray {
  if (typeof t !== 'object' || t === null || typeof (t as Tensor).toTypedArray !== 'function' || !Array.isArray((t as Tensor).shape)) {
    throw new TypeError(`toNumjs: expected a Tensor from @poise/tensor, got ${describe(t)}`);
  }
  const nj = loadNumjs();
  const values = t.detach().toTypedArray();
  // Copy: the typed array may be the tensor's own storage.
  const data = values.slice();
  const shape = t.shape.length === 0 ? [1] : [...t.shape];
  return new nj.NdArray(nj.ndarray(data, shape));
}
