import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ones, tensor, zeros } from '@poise/tensor';
import {
  SafetensorsDtypeError, SafetensorsError, SafetensorsHeaderError, SafetensorsOffsetError, SafetensorsTruncatedError,
  deserialize, load, save, serialize,
} from '../src';

const dir = mkdtempSync(join(tmpdir(), 'poise-st-err-'));
const good = () => serialize({ a: ones([2, 3]), b: tensor([1, 2], { dtype: 'int32' }) }); // b is I64: 16 bytes, a 24

/** A file whose header is `header` (an object, serialized as is) followed by `dataBytes` zero bytes. */
function withHeader(header: unknown, dataBytes: number, declaredLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? json.length), true);
  out.set(json, 8);
  return out;
}

function errorOf(bytes: Uint8Array, source = 'ckpt.safetensors'): SafetensorsError {
  try {
    deserialize(bytes, source);
  } catch (e) {
    return e as SafetensorsError;
  }
  throw new Error('expected an error');
}

describe('malformed files raise named errors that name the file, the tensor and the problem', () => {
  it('truncated anywhere: in the length field, in the header, in the data', () => {
    const bytes = good();
    for (const cut of [0, 5, 8, 20, bytes.length - 20, bytes.length - 1]) {
      const e = errorOf(bytes.subarray(0, cut));
      expect(e, `cut at ${cut}`).toBeInstanceOf(SafetensorsError);
      expect(e.message).toContain('ckpt.safetensors');
    }
    expect(errorOf(bytes.subarray(0, 5))).toBeInstanceOf(SafetensorsTruncatedError);
    const e = errorOf(bytes.subarray(0, bytes.length - 1));
    expect(e).toBeInstanceOf(SafetensorsTruncatedError);
    expect(e.message).toMatch(/tensor 'a': data_offsets \[16, 40\] run past the end of the 39-byte data buffer/);
  });

  it('a header length larger than the file', () => {
    const e = errorOf(withHeader({}, 0, 1 << 20));
    expect(e).toBeInstanceOf(SafetensorsTruncatedError);
    expect(e.message).toMatch(/^safetensors: ckpt.safetensors: header length 1048576 exceeds the \d+ bytes/);
  });

  it('a header that is not JSON, not an object, or has malformed entries', () => {
    expect(errorOf(withHeader('{"a": ', 0))).toBeInstanceOf(SafetensorsHeaderError);
    expect(errorOf(withHeader('[1,2]', 0)).message).toContain('header JSON is not an object');
    const bad = [
      [{ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }, "tensor 'x': shape [-1] is not a list of non-negative integers"],
      [{ x: { dtype: 'F32', shape: [1.5], data_offsets: [0, 0] } }, 'shape [1.5]'],
      [{ x: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 'data_offsets [4,0] is not [begin, end]'],
      [{ x: { shape: [1], data_offsets: [0, 4] } }, 'dtype is missing'],
      [{ __metadata__: { step: 3 }, x: { dtype: 'F32', shape: [], data_offsets: [0, 4] } }, "__metadata__ value for 'step' is not a string"],
    ] as const;
    for (const [header, message] of bad) {
      const e = errorOf(withHeader(header, 4));
      expect(e).toBeInstanceOf(SafetensorsHeaderError);
      expect(e.message).toContain(message);
    }
    expect(errorOf(new Uint8Array([...withHeader('', 0).subarray(0, 8), 0xff, 0xfe]).map((b, i) => (i === 0 ? 2 : b)))).toBeInstanceOf(SafetensorsHeaderError); // invalid UTF-8
  });

  it('offsets that lie: size mismatch, overlap, hole, out of range, trailing bytes', () => {
    const cases = [
      [{ x: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 20] } }, 20, "tensor 'x': shape [2, 3] x F32 (4 bytes) is 24 bytes, but data_offsets [0, 20] span 20"],
      [{ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, y: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12, "tensor 'y': data_offsets [4, 12] overlap tensor 'x' [0, 8]"],
      [{ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, y: { dtype: 'F32', shape: [1], data_offsets: [12, 16] } }, 16, "tensor 'y': data_offsets [12, 16] leave a hole of 4 bytes after byte 8"],
      [{ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 12, 'tensors cover 8 bytes but the data buffer has 12 (trailing bytes)'],
    ] as const;
    for (const [header, size, message] of cases) {
      const e = errorOf(withHeader(header, size));
      expect(e).toBeInstanceOf(SafetensorsOffsetError);
      expect(e.message).toContain(message);
    }
    const far = errorOf(withHeader({ x: { dtype: 'F64', shape: [1], data_offsets: [1000, 1008] } }, 8));
    expect(far).toBeInstanceOf(SafetensorsTruncatedError);
    expect(far.tensor).toBe('x');
  });

  it('dtypes poise does not hold, and values that do not fit', () => {
    const f16 = errorOf(withHeader({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, 4));
    expect(f16).toBeInstanceOf(SafetensorsDtypeError);
    expect(f16.message).toBe("safetensors: ckpt.safetensors: tensor 'h': dtype F16 is not supported; poise reads F32, F64, I32, I64 (as int32) and BOOL (convert in PyTorch first, e.g. with .float())");
    expect(errorOf(withHeader({ h: { dtype: 'Q7', shape: [], data_offsets: [0, 1] } }, 1)).message).toContain('unknown dtype "Q7"');
    const big = withHeader({ i: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, 16);
    const view = new DataView(big.buffer, big.length - 16);
    view.setBigInt64(8, 1n << 40n, true);
    expect(errorOf(big).message).toContain("tensor 'i': I64 value 1099511627776 at element 1 does not fit poise's int32");
    const bool = withHeader({ b: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, 2);
    bool[bool.length - 1] = 2;
    expect(errorOf(bool)).toBeInstanceOf(SafetensorsDtypeError);
  });

  it('a missing file is a SafetensorsError naming the path', () => {
    expect(() => load(join(dir, 'nope.safetensors'))).toThrow(SafetensorsError);
  });
});

describe('saving', () => {
  it('refuses non-tensors, reserved names, disposed tensors and non-string metadata, naming them', () => {
    const path = join(dir, 'bad.safetensors');
    expect(() => save({ w: 3 as never }, path)).toThrow(/tensor 'w': value is not a Tensor/);
    expect(() => save({ __metadata__: ones([1]) }, path)).toThrow(SafetensorsHeaderError);
    const t = ones([2]);
    t.dispose();
    expect(() => save({ t }, path)).toThrow(/tensor 't': tensor was disposed/);
    expect(() => save({ a: ones([1]) }, path, { metadata: { epoch: 3 as never } })).toThrow(/metadata value for 'epoch' must be a string/);
    expect(existsSync(path)).toBe(false);
  });

  it('is atomic: a failure mid-write leaves the previous checkpoint intact and no temporary file', () => {
    const path = join(dir, 'ckpt.safetensors');
    save({ a: ones([4]) }, path);
    const before = readFileSync(path);
    // 'b' is encoded after the header and 'a' were written to the temporary file; reading it then fails.
    const b = zeros([3]);
    Object.defineProperty(b, 'toTypedArray', { value: () => { throw new Error('simulated I/O failure'); } });
    expect(() => save({ a: ones([1000]), b }, path)).toThrow('simulated I/O failure');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(load(path).a.shape).toEqual([4]);
  });

  it('writes every tensor layout (views, transposes, 0-d, empty) as contiguous row-major data', () => {
    const base = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
    const path = join(dir, 'views.safetensors');
    save({ t: base.t(), n: base.narrow(1, 1, 2), s: tensor(2.5), e: zeros([0, 4]) }, path);
    const back = load(path);
    expect(back.t.tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(back.n.tolist()).toEqual([[2, 3], [5, 6]]);
    expect(back.s.shape).toEqual([]);
    expect(back.e.shape).toEqual([0, 4]);
    writeFileSync(join(dir, 'x'), ''); // unrelated files in the directory are left alone
  });
});
