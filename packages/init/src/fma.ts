/**
 * Fused multiply-add with one rounding, in float32 and float64: what GCC emits when it contracts a
 * `a * b + c` in torch's kernels or in glibc's FMA builds of libm (`-mfma -ffp-contract=fast`). JavaScript
 * has no `Math.fma`, so both are built from exact double arithmetic.
 *
 * These are the algorithms of `@poise/tensor`'s `random/fma32.ts`, which its public API does not export;
 * keep the two in step.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the low 32-bit word of a double in `U32` (0 on little-endian hosts). */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const FLT_MIN = 1.1754943508222875e-38; // 2^-126

/**
 * float32 fused multiply-add for float32 inputs: the float32 nearest to the exact `a*b + c`.
 *
 * The product of two float32 values is exact in double, so `s = a*b + c` is rounded once in double and
 * once more by `Math.fround`; that double rounding is wrong only when `s` lands exactly on a float32
 * midpoint, and then the TwoSum error of the double addition says which way the exact value lies.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  const far = 2 * s - r;
  if (r === s || Math.fround(far) !== far) return r;
  return fma32Slow(p, c, s, r, far);
}

function fma32Slow(p: number, c: number, s: number, r: number, far: number): number {
  if (s !== s) return r;
  if (Math.abs(s) >= FLT_MIN) {
    F64[0] = s;
    if ((U32[LO] & 0x1fffffff) !== 0x10000000) return r; // not a float32 midpoint
  } else if (s - r !== far - s) {
    return r;
  }
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // exact: p + c = s + err
  if (err === 0) return r;
  return err > 0 ? Math.max(r, far) : Math.min(r, far);
}

/**
 * float64 fused multiply-add: the double nearest to the exact `a*b + c` (Dekker's exact product, TwoSum,
 * and a midpoint check). Valid while the product neither overflows nor underflows, which holds for every
 * argument this package passes.
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  const as = 134217729 * a; // 2^27 + 1
  const ah = as - (as - a);
  const al = a - ah;
  const bs = 134217729 * b;
  const bh = bs - (bs - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl; // exact: a*b = p + e
  const s = p + c;
  const sb = s - p;
  const t = p - (s - sb) + (c - sb); // exact: p + c = s + t
  const u = t + e;
  const ub = u - t;
  const v = t - (u - ub) + (e - ub); // exact: t + e = u + v
  const r = s + u;
  if (v === 0) return r;
  const rb = r - s;
  const err = s - (r - rb) + (u - rb); // exact: s + u = r + err
  if (err === 0) return r;
  const far = r + 2 * err;
  if (far - r !== 2 * err) return r;
  return (v > 0) === (err > 0) ? far : r;
}
