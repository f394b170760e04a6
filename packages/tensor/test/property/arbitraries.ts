/**
 * fast-check generators and settings shared by the property tests. Every property runs with a fixed seed
 * (so CI is reproducible; a failure prints the seed and the shrunk counterexample) and a bounded number of
 * runs, keeping the whole suite to a few seconds on every backend.
 *
 * Values are small integers and halves stored as float32: sums and products of them are exact in float32,
 * so results can be compared tightly on every backend, while distinct values still catch any layout,
 * stride or broadcasting mistake.
 */
import fc from 'fast-check';
import { tensor, type Tensor } from '../../src';
import { numel, type Ref } from './reference';

export const SEED = 20240610;
export const RUNS = 200;
export const params = (numRuns = RUNS) => ({ seed: SEED, numRuns, endOnFailure: true });

/** A shape of rank 0..maxRank with sizes 0..maxDim (zero-size dims included). */
export const shapeArb = (maxRank = 4, maxDim = 4, minRank = 0) => fc.array(fc.integer({ min: 0, max: maxDim }), { minLength: minRank, maxLength: maxRank });

export const valueArb = fc.integer({ min: -16, max: 16 }).map((v) => v / 2);

/** A reference array of the given shape. */
export const refArb = (shape: number[]) => fc.array(valueArb, { minLength: numel(shape), maxLength: numel(shape) }).map((data): Ref => ({ shape, data }));

/** Two shapes that broadcast: both derived from one full shape by dropping leading dims and setting some to 1. */
export const broadcastPairArb = fc
  .tuple(shapeArb(4, 3), fc.nat(4), fc.nat(4), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
  .map(([full, dropA, dropB, ones]) => {
    const a = full.slice(Math.min(dropA, full.length)).map((s, i) => (ones[i] ? 1 : s));
    const b = full.slice(Math.min(dropB, full.length)).map((s, i) => (ones[4 + i] ? 1 : s));
    return [a, b] as const;
  });

export const toTensor = (r: Ref, requiresGrad = false): Tensor =>
  tensor(Float32Array.from(r.data), { shape: r.shape, requiresGrad });

/**
 * Asserts `t` has `ref`'s shape and values (NaN where the reference has NaN), within `tol` relative to the
 * magnitude, for the float32 backends (js, wasm, auto).
 */
export function expectClose(t: Tensor, ref: Ref, tol = 1e-6): void {
  if (t.shape.join() !== ref.shape.join()) throw new Error(`shape [${t.shape.join(', ')}] != reference [${ref.shape.join(', ')}]`);
  const got = t.toTypedArray();
  for (let i = 0; i < ref.data.length; i++) {
    const want = ref.data[i];
    const v = got[i];
    if (Number.isNaN(want) ? !Number.isNaN(v) : !(Math.abs(v - want) <= tol * Math.max(1, Math.abs(want)))) {
      throw new Error(`element ${i} of shape [${ref.shape.join(', ')}]: got ${v}, reference ${want}`);
    }
  }
}
