/**
 * The mapping between safetensors dtypes and poise dtypes, and the byte conversions for each.
 *
 * poise tensors are float32, float64, int32 or bool. On reading, F32/F64/I32/BOOL map one to one; I64
 * (PyTorch's integer dtype: `num_batches_tracked`, indices) becomes int32 when every value fits, else it is
 * a `SafetensorsDtypeError` (never a silent wrap-around). On writing, int32 tensors are stored as I64 by
 * default, so a checkpoint loads into PyTorch with the dtypes PyTorch's own state dict has; pass
 * `{ int32As: 'I32' }` to keep them 32-bit. Every other safetensors dtype is refused with a named error.
 * Data is little-endian, as the format requires (and as every platform Node runs on is).
 */
import { tensor, type DType, type Tensor, type TypedArray } from '@poise/tensor';
import { SafetensorsDtypeError } from './errors';

export type SafetensorsDType = 'F32' | 'F64' | 'I64' | 'I32' | 'BOOL';

/** Bytes per element of each supported dtype. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = { F64: 8, I64: 8, F32: 4, I32: 4, BOOL: 1 };

/** Dtypes the format defines that poise does not hold, for a precise error message. */
const KNOWN_UNSUPPORTED = new Set(['F16', 'BF16', 'F8_E4M3', 'F8_E5M2', 'I8', 'I16', 'U8', 'U16', 'U32', 'U64', 'C64']);

export function isSupported(dtype: string): dtype is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, dtype);
}

export function unsupportedDtype(file: string, name: string, dtype: string): SafetensorsDtypeError {
  const what = KNOWN_UNSUPPORTED.has(dtype) ? `dtype ${dtype} is not supported` : `unknown dtype ${JSON.stringify(dtype)}`;
  return new SafetensorsDtypeError(
    file,
    name,
    `${what}; poise reads F32, F64, I32, I64 (as int32) and BOOL (convert in PyTorch first, e.g. with .float())`,
  );
}

/** The safetensors dtype a poise tensor is written as. */
export function fileDtype(dtype: DType, int32As: 'I32' | 'I64'): SafetensorsDType {
  switch (dtype) {
    case 'float32': return 'F32';
    case 'float64': return 'F64';
    case 'int32': return int32As;
    case 'bool': return 'BOOL';
  }
}

/** The little-endian bytes of a tensor's elements in row-major order, as `dtype`. */
export function encode(t: Tensor, dtype: SafetensorsDType): Uint8Array {
  const values = t.toTypedArray();
  if (dtype === 'I64') {
    const wide = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) wide[i] = BigInt(values[i]);
    return new Uint8Array(wide.buffer);
  }
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * A tensor from `bytes` (exactly numel x element size, already checked by the header validation). The bytes
 * are copied into a fresh, aligned buffer: in a file, a tensor's offset need not be a multiple of its size.
 */
export function decode(bytes: Uint8Array, dtype: SafetensorsDType, shape: number[], file: string, name: string): Tensor {
  const own = bytes.slice().buffer;
  let values: TypedArray;
  switch (dtype) {
    case 'F32': values = new Float32Array(own); break;
    case 'F64': values = new Float64Array(own); break;
    case 'I32': values = new Int32Array(own); break;
    case 'I64': values = narrowInt64(new BigInt64Array(own), file, name); break;
    case 'BOOL': values = checkBool(new Uint8Array(own), file, name); break;
  }
  return tensor(values, { shape });
}

function narrowInt64(wide: BigInt64Array, file: string, name: string): Int32Array {
  const out = new Int32Array(wide.length);
  for (let i = 0; i < wide.length; i++) {
    const v = wide[i];
    if (v < -2147483648n || v > 2147483647n) {
      throw new SafetensorsDtypeError(file, name, `I64 value ${v} at element ${i} does not fit poise's int32 (integer tensors are int32 here)`);
    }
    out[i] = Number(v);
  }
  return out;
}

function checkBool(bytes: Uint8Array, file: string, name: string): Uint8Array {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 1) throw new SafetensorsDtypeError(file, name, `BOOL byte ${bytes[i]} at element ${i} is neither 0 nor 1 (corrupted data?)`);
  }
  return bytes;
}

export type { DType };
