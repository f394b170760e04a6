/**
 * The safetensors header: an 8-byte little-endian length N, then N bytes of UTF-8 JSON
 * `{"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}, ...}`, padded with
 * spaces to a multiple of 8; then the data buffer, offsets relative to its start. Tensors are contiguous,
 * row-major, with no overlap and no holes.
 *
 * Reading validates everything before any tensor is decoded, so a corrupted or lying file fails with a
 * named error and never yields a half-read state dict. Writing follows the reference implementation's
 * conventions (compact JSON, `__metadata__` first, tensors ordered by element size descending then name, so
 * every tensor is aligned), which makes our bytes identical to a reference writer's for the same tensors.
 */
import { DTYPE_BYTES, isSupported, unsupportedDtype, type SafetensorsDType } from './dtypes';
import { SafetensorsHeaderError, SafetensorsOffsetError, SafetensorsTruncatedError } from './errors';

export interface HeaderEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

export interface ParsedHeader {
  entries: HeaderEntry[];
  metadata: Record<string, string>;
  /** Where the data buffer starts in the file (8 + N). */
  dataStart: number;
}

/** The reference implementation refuses headers above 100 MB; so do we (a huge N is a corrupted file). */
const MAX_HEADER_BYTES = 100_000_000;

/** Validates the header of a file of `fileSize` bytes whose first bytes are `head` (at least 8 + N of them). */
export function parseHeader(head: Uint8Array, fileSize: number, file: string): ParsedHeader {
  if (fileSize < 8) throw new SafetensorsTruncatedError(file, null, `file is ${fileSize} bytes, too short for the 8-byte header length`);
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(fileSize - 8)) {
    throw new SafetensorsTruncatedError(file, null, `header length ${n} exceeds the ${fileSize - 8} bytes after the length field (truncated or not a safetensors file)`);
  }
  if (n > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsHeaderError(file, null, `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const len = Number(n);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(8, 8 + len)));
  } catch (e) {
    throw new SafetensorsHeaderError(file, null, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new SafetensorsHeaderError(file, null, 'header JSON is not an object');
  const dataStart = 8 + len;
  const bufferSize = fileSize - dataStart;
  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') Object.assign(metadata, parseMetadata(value, file));
    else entries.push(parseEntry(name, value, file));
  }
  checkLayout(entries, bufferSize, file);
  return { entries, metadata, dataStart };
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SafetensorsHeaderError(file, null, '__metadata__ is not an object');
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new SafetensorsHeaderError(file, null, `__metadata__ value for '${k}' is not a string`);
  }
  return value as Record<string, string>;
}

function parseEntry(name: string, value: unknown, file: string): HeaderEntry {
  const bad = (problem: string) => new SafetensorsHeaderError(file, name, problem);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string') throw bad('dtype is missing or not a string');
  if (!isSupported(dtype)) throw unsupportedDtype(file, name, dtype);
  const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw bad(`data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 <= begin <= end`);
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  const span = offsets[1] - offsets[0];
  if (numel * DTYPE_BYTES[dtype] !== span) {
    throw new SafetensorsOffsetError(
      file,
      name,
      `shape [${shape.join(', ')}] x ${dtype} (${DTYPE_BYTES[dtype]} bytes) is ${numel * DTYPE_BYTES[dtype]} bytes, but data_offsets [${offsets.join(', ')}] span ${span}`,
    );
  }
  return { name, dtype, shape, begin: offsets[0], end: offsets[1] };
}

/** Tensors must tile the data buffer exactly: in range, no overlap, no hole, nothing left over. */
function checkLayout(entries: HeaderEntry[], bufferSize: number, file: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev: HeaderEntry | null = null;
  for (const e of sorted) {
    if (e.end > bufferSize) {
      throw new SafetensorsTruncatedError(file, e.name, `data_offsets [${e.begin}, ${e.end}] run past the end of the ${bufferSize}-byte data buffer (file truncated?)`);
    }
    if (e.begin < at) throw new SafetensorsOffsetError(file, e.name, `data_offsets [${e.begin}, ${e.end}] overlap tensor '${prev!.name}' [${prev!.begin}, ${prev!.end}]`);
    if (e.begin > at) throw new SafetensorsOffsetError(file, e.name, `data_offsets [${e.begin}, ${e.end}] leave a hole of ${e.begin - at} bytes after byte ${at}`);
    at = e.end;
    prev = e;
  }
  if (at !== bufferSize) throw new SafetensorsOffsetError(file, null, `tensors cover ${at} bytes but the data buffer has ${bufferSize} (trailing bytes)`);
}

/** The header bytes (length field + padded JSON) for tensors laid out in `entries` order. */
export function buildHeader(entries: readonly HeaderEntry[], metadata: Record<string, string> | undefined): Uint8Array {
  const obj: Record<string, unknown> = {};
  if (metadata !== undefined && Object.keys(metadata).length > 0) obj.__metadata__ = metadata;
  for (const e of entries) obj[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [e.begin, e.end] };
  let json = new TextEncoder().encode(JSON.stringify(obj));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad > 0) {
    const padded = new Uint8Array(json.length + pad).fill(0x20); // spaces, as the reference writer pads
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

/**
 * The reference writer's order (safetensors' `prepare`): by its dtype enum descending (I64, F64, F32, I32,
 * BOOL; larger elements first, so every tensor is aligned in the buffer), then by name.
 */
const DTYPE_RANK: Readonly<Record<SafetensorsDType, number>> = { I64: 13, F64: 12, F32: 11, I32: 9, BOOL: 0 };

export function layoutOrder(a: { name: string; dtype: SafetensorsDType }, b: { name: string; dtype: SafetensorsDType }): number {
  return DTYPE_RANK[b.dtype] - DTYPE_RANK[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
