/**
 * The idx format of MNIST (LeCun, Cortes & Burges, http://yann.lecun.com/exdb/mnist/), gzipped or not:
 *
 *     bytes 0-1   0x00 0x00
 *     byte  2     the element type: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
 *                 0x0D float32, 0x0E float64 (all big-endian)
 *     byte  3     the number of dimensions d (1 for a label file, 3 for an image file)
 *     d × uint32  the dimensions, big-endian
 *     then        the elements, row-major, exactly (product of the dimensions) × (element size) bytes
 *
 * So `t10k-images-idx3-ubyte` starts `00 00 08 03 | 00 00 27 10 | 00 00 00 1C | 00 00 00 1C` (10,000 images
 * of 28×28 bytes). A file is accepted only if its length is exactly what its header says: a copy cut off
 * anywhere (in the gzip stream, the header or the data) or with bytes after the data is a
 * DatasetFormatError that names the file, the expected and the actual number of bytes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';

import { DatasetError, DatasetFormatError, DatasetNotFoundError, type FormatProblem } from '../errors';

/** The element types of the idx format, named as typed arrays. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An idx file's contents: its element type, its dimensions, and the elements in row-major order. */
export interface IdxArray {
  dtype: IdxDType;
  shape: number[];
  /** The elements, converted from big-endian to native numbers; never a view of the caller's bytes. */
  data: IdxData;
}

export interface ReadIdxOptions {
  /** The file's name, for messages (default `'(buffer)'`). */
  file?: string;
  /** The dataset's name in messages (default `'idx'`). */
  dataset?: string;
}

const TYPES: Record<number, { dtype: IdxDType; size: number }> = {
  0x08: { dtype: 'uint8', size: 1 },
  0x09: { dtype: 'int8', size: 1 },
  0x0b: { dtype: 'int16', size: 2 },
  0x0c: { dtype: 'int32', size: 4 },
  0x0d: { dtype: 'float32', size: 4 },
  0x0e: { dtype: 'float64', size: 8 },
};

/** The two bytes every gzip stream starts with (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an idx file, decompressing it first if it starts with gzip's magic bytes. Throws a
 * DatasetFormatError (`problem`: `'bad-gzip'`, `'bad-magic'`, `'truncated'` or `'trailing-data'`, with
 * `expectedBytes` and `actualBytes` for a wrong length) for anything that is not one complete idx file.
 */
export function readIdx(bytes: Uint8Array, opts: ReadIdxOptions = {}): IdxArray {
  const file = opts.file ?? '(buffer)';
  const dataset = opts.dataset ?? 'idx';
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`readIdx: expected a Uint8Array or Buffer, got ${bytes === null ? 'null' : typeof bytes}`);
  }
  const fail = (problem: FormatProblem, what: string, sizes?: { expected: number; actual: number }): never => {
    throw new DatasetFormatError(`${dataset}: ${file} ${what}`, dataset, file, problem, undefined, sizes);
  };
  let raw: Uint8Array;
  let gz = false;
  if (isGzip(bytes)) {
    gz = true;
    raw = gunzip(bytes, fail);
  } else {
    raw = bytes;
  }
  const what = gz ? 'decompressed, it has' : 'it has';
  if (raw.length === 0) fail('empty', gz ? 'decompresses to nothing' : 'is empty');
  if (raw.length < 4) {
    fail('truncated', `is too short for an idx header: ${what} ${raw.length} bytes, the magic number alone takes 4`, { expected: 4, actual: raw.length });
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    fail('bad-magic', `is not an idx file: its magic number is 0x${hex(raw, 0, 4)}, where an idx file starts 0x0000 (then the type code and the number of dimensions, e.g. 0x00000803 for MNIST images)`);
  }
  const type = TYPES[raw[2]];
  if (!type) {
    fail('bad-magic', `is not an idx file: its magic number 0x${hex(raw, 0, 4)} has type code 0x${hex(raw, 2, 3)}, which is none of 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32), 0x0D (float32), 0x0E (float64)`);
  }
  const ndim = raw[3];
  if (ndim === 0) fail('bad-magic', `is not an idx file: its magic number 0x${hex(raw, 0, 4)} says it has 0 dimensions`);
  const headerBytes = 4 + 4 * ndim;
  if (raw.length < headerBytes) {
    fail('truncated', `is truncated in its header: ${ndim} dimensions need ${headerBytes} header bytes, ${what} ${raw.length}`, {
      expected: headerBytes,
      actual: raw.length,
    });
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const numel = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + numel * type.size;
  const dims = `${shape.join('×')} ${type.dtype}`;
  if (raw.length < expected) {
    fail(
      'truncated',
      `is truncated: its header says ${dims}, which takes ${expected} bytes with the header, but ${what} ${raw.length} ` +
        `(${expected - raw.length} short). The file is cut off, or its dimensions are wrong`,
      { expected, actual: raw.length },
    );
  }
  if (raw.length > expected) {
    fail(
      'trailing-data',
      `has ${raw.length - expected} bytes after its data: its header says ${dims}, which takes ${expected} bytes with the header, but ${what} ${raw.length}. ` +
        `Its dimensions are wrong, or it is not one idx file`,
      { expected, actual: raw.length },
    );
  }
  return { dtype: type.dtype, shape, data: elements(view, headerBytes, numel, type.dtype, raw) };
}

/** Reads and parses an idx file (gzipped or not) from disk. */
export function readIdxFile(file: string, opts: Omit<ReadIdxOptions, 'file'> = {}): IdxArray {
  const path = resolve(file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const dataset = opts.dataset ?? 'idx';
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetNotFoundError(`${dataset}: no file at ${path}`, dataset, path);
    throw new DatasetError(`${dataset}: cannot read ${path}: ${(e as Error).message}`, dataset);
  }
  return readIdx(bytes, { ...opts, file: path });
}

type Fail = (problem: FormatProblem, what: string, sizes?: { expected: number; actual: number }) => never;

/**
 * Decompresses a whole gzip stream. A stream that ends early is a truncated file: what it held up to the
 * cut is decompressed again (zlib's sync flush keeps the partial output) to say how much of the idx data
 * arrived and how much its header promised. Any other zlib failure (a bad header, a CRC or length that
 * does not match, invalid compressed data) is a corrupt file.
 */
function gunzip(bytes: Uint8Array, fail: Fail): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { errno?: number };
    if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) {
      let partial: Uint8Array = new Uint8Array(0);
      try {
        partial = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        // the partial output is only for the message
      }
      const promised = promisedLength(partial);
      const detail =
        promised === undefined
          ? `it decompresses to ${partial.length} bytes before the stream stops`
          : promised === partial.length
            ? `its ${promised} bytes of idx data decompress, but the end of the gzip stream (its CRC and length) is cut off`
            : `it decompresses to ${partial.length} bytes before the stream stops, where its idx header says ${promised}`;
      return fail(
        'truncated',
        `is a truncated gzip file (${bytes.length} bytes; the gzip stream ends early): ${detail}`,
        promised === undefined ? undefined : { expected: promised, actual: partial.length },
      );
    }
    return fail('bad-gzip', `starts like a gzip file but cannot be decompressed (${err.message}): it is corrupt`);
  }
}

/** The total length an idx header says its file has, if the bytes hold a valid header. */
function promisedLength(raw: Uint8Array): number | undefined {
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0 || !TYPES[raw[2]] || raw[3] === 0) return undefined;
  const headerBytes = 4 + 4 * raw[3];
  if (raw.length < headerBytes) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let numel = 1;
  for (let i = 0; i < raw[3]; i++) numel *= view.getUint32(4 + 4 * i, false);
  return headerBytes + numel * TYPES[raw[2]].size;
}

/** The elements as a fresh typed array of their own (a copy: never a view of the input or of a pooled buffer). */
function elements(view: DataView, offset: number, n: number, dtype: IdxDType, raw: Uint8Array): IdxData {
  switch (dtype) {
    // new Uint8Array(view) copies; a Buffer's own slice() would not.
    case 'uint8':
      return new Uint8Array(raw.subarray(offset, offset + n));
    case 'int8':
      return new Int8Array(new Uint8Array(raw.subarray(offset, offset + n)).buffer);
    case 'int16': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, bytes.length); i++) s += bytes[i].toString(16).toUpperCase().padStart(2, '0');
  return s;
}
