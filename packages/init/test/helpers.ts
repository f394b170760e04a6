/** Shared plumbing for the tests: fixture loading, bit patterns, hashing, a Parameter-like subclass. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Tensor, zeros, type DType } from '@poise/tensor';

export interface Packed {
  values?: number[];
  head?: number[];
  sha256?: string;
  /** float64 cases: the hash of the values rounded to float32. */
  sha256_f32?: string;
}

export interface RandomCase {
  fn: string;
  shape: number[];
  dtype: 'float32' | 'float64';
  seed: number;
  args: Record<string, number | string>;
  out: Packed;
  pos: [number, number];
}

export interface OrthoCase {
  shape: number[];
  dtype: 'float32' | 'float64';
  seed: number;
  args: { gain: number };
  b64: string;
  pos: [number, number];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixtures: any = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'init.json'), 'utf8'));

type Typed = Float32Array | Float64Array;

/** SHA-256 (first 128 bits, hex) of an array's little-endian bytes, as the fixture script stores it. */
export function sha256(a: Typed): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 32);
}

/** Bit patterns, so equality distinguishes -0 and every last bit. */
export function bits(values: ArrayLike<number>, dtype: 'float32' | 'float64'): string[] {
  if (dtype === 'float32') return Array.from(new Uint32Array(Float32Array.from(values).buffer), (b) => b.toString(16));
  return Array.from(new BigUint64Array(Float64Array.from(values).buffer), (b) => b.toString(16));
}

/** Decodes the fixture script's base64 of little-endian bytes. */
export function fromB64(b64: string, dtype: 'float32' | 'float64'): Typed {
  const buf = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(buf); // aligned copy
  return dtype === 'float32' ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
}

/** A tensor's values as a typed array of its dtype (row-major). */
export function valuesOf(t: Tensor): Typed {
  return t.toTypedArray() as Typed;
}

/**
 * What `@poise/nn`'s `Parameter` is (this package must not depend on nn): a Tensor subclass sharing the
 * given tensor's storage, requiring grad.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    super(data.storage, data.shape, data.strides, data.offset, data.dtype);
    if (requiresGrad) this.requiresGrad = true;
  }
}

export function param(shape: number[], dtype: DType = 'float32'): Parameter {
  return new Parameter(zeros(shape, { dtype }));
}
