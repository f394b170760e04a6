/** The element types a tensor can hold. `float32` is the default, as in PyTorch. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type FloatDType = 'float32' | 'float64';

/** The typed array that stores each dtype: `bool` is one byte per element, 0 or 1. */
export function arrayType(dtype: DType): Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor {
  switch (dtype) {
    case 'float32': return Float32Array;
    case 'float64': return Float64Array;
    case 'int32': return Int32Array;
    case 'bool': return Uint8Array;
  }
}

export function allocArray(dtype: DType, size: number): TypedArray {
  return new (arrayType(dtype))(size);
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

export function assertDType(dtype: unknown, where: string): DType {
  if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
    throw new TypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected one of ${DTYPES.join(', ')}`);
  }
  return dtype as DType;
}

/** The dtype a typed array maps to, for `tensor(typedArray)`. */
export function dtypeOfArray(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  return undefined;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * PyTorch's type promotion for two tensors: bool < int32 < float32 < float64.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Promotion of a tensor with a JS number, which PyTorch treats as a "weak" scalar: it only changes the
 * result's category (bool -> int -> float), never its width. `float32_tensor * 2.5` stays float32, and
 * `int32_tensor * 2.5` becomes the default float dtype (float32).
 */
export function promoteWithScalar(t: DType, value: number | boolean): DType {
  if (typeof value === 'boolean') return t;
  if (isFloat(t)) return t;
  if (!Number.isInteger(value)) return 'float32';
  return t === 'bool' ? 'int32' : t;
}

/** The dtype of a bare JS value turned into a tensor. */
export function scalarDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return 'float32';
}

/** Python-style dtype name used by `toString()` (`torch.float64`). */
export function torchDTypeName(dtype: DType): string {
  return `torch.${dtype}`;
}
