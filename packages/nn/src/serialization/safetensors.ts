/**
 * State dicts in the safetensors format (https://github.com/huggingface/safetensors), readable and
 * writable by PyTorch: `save(model.stateDict(), path)` and `model.loadStateDict(load(path))`.
 * See header.ts for the layout and dtypes.ts for how dtypes map.
 */
import { readFileSync } from 'node:fs';
import { Tensor } from '@poise/tensor';
import { DTYPE_BYTES, decode, encode, fileDtype, type SafetensorsDType } from './dtypes';
import { SafetensorsError, SafetensorsHeaderError } from './errors';
import { buildHeader, layoutOrder, parseHeader, type HeaderEntry } from './header';
import { writeFileAtomic } from './atomic-write';

export interface SaveOptions {
  /** String key/value pairs stored in the header's `__metadata__` (e.g. `{ format: 'pt' }`). */
  metadata?: Record<string, string>;
  /** How int32 tensors are stored: 'I64' (default, PyTorch's integer dtype) or 'I32'. */
  int32As?: 'I32' | 'I64';
}

export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/** The file's bytes as a sequence of chunks (header, then each tensor), in the reference writer's layout. */
export function* serializeChunks(tensors: Record<string, Tensor>, opts: SaveOptions = {}, file = '<bytes>'): Generator<Uint8Array> {
  const int32As = opts.int32As ?? 'I64';
  if (int32As !== 'I32' && int32As !== 'I64') throw new SafetensorsError(file, null, `int32As must be 'I32' or 'I64', got ${String(int32As)}`);
  checkMetadata(opts.metadata, file);
  const items: { name: string; t: Tensor; dtype: SafetensorsDType }[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__' || name === '') throw new SafetensorsHeaderError(file, name, 'is a reserved or empty tensor name');
    if (!(t instanceof Tensor)) throw new SafetensorsError(file, name, `value is not a Tensor (${typeof t})`);
    if (t.isDisposed) throw new SafetensorsError(file, name, 'tensor was disposed; its memory is gone');
    items.push({ name, t, dtype: fileDtype(t.dtype, int32As) });
  }
  items.sort(layoutOrder);
  const entries: HeaderEntry[] = [];
  let at = 0;
  for (const { name, t, dtype } of items) {
    const bytes = t.numel() * DTYPE_BYTES[dtype];
    entries.push({ name, dtype, shape: [...t.shape], begin: at, end: at + bytes });
    at += bytes;
  }
  yield buildHeader(entries, opts.metadata);
  for (const { t, dtype } of items) yield encode(t, dtype);
}

/** The whole file as bytes. */
export function serialize(tensors: Record<string, Tensor>, opts: SaveOptions = {}): Uint8Array {
  const chunks = [...serializeChunks(tensors, opts)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Writes `tensors` (a state dict) to `path` atomically: a crash or an error leaves the previous file, if
 * any, untouched. Tensors are read from any backend; their layout in memory does not matter.
 */
export function save(tensors: Record<string, Tensor>, path: string, opts: SaveOptions = {}): void {
  // Validate and encode lazily inside the writer; an error removes the temporary file.
  writeFileAtomic(path, serializeChunks(tensors, opts, path));
}

/** Parses a whole safetensors file held in memory; `source` names it in error messages. */
export function deserialize(bytes: Uint8Array, source = '<bytes>'): SafetensorsContents {
  const header = parseHeader(bytes, bytes.length, source);
  const tensors: Record<string, Tensor> = {};
  for (const e of header.entries) {
    tensors[e.name] = decode(bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end), e.dtype, e.shape, source, e.name);
  }
  return { tensors, metadata: header.metadata };
}

/** Reads a safetensors file: tensors and the `__metadata__` strings. */
export function loadFile(path: string): SafetensorsContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SafetensorsError(path, null, `cannot read the file (${(e as Error).message})`);
  }
  return deserialize(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/** Reads a safetensors file as a state dict (for `module.loadStateDict(load(path))`). */
export function load(path: string): Record<string, Tensor> {
  return loadFile(path).tensors;
}

function checkMetadata(metadata: Record<string, string> | undefined, file: string): void {
  if (metadata === undefined) return;
  if (metadata === null || typeof metadata !== 'object') throw new SafetensorsHeaderError(file, null, 'metadata must be an object of strings');
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new SafetensorsHeaderError(file, null, `metadata value for '${k}' must be a string, got ${typeof v}`);
  }
}
