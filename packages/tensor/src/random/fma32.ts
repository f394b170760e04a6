/**
 * Floating-point emulation for bit-exact parity with PyTorch's CPU kernels.
 *
 * - `fma32`: a float32 fused multiply-add (one rounding), which GCC emits when it contracts the
 *   mul/add intrinsic pairs of ATen/native/cpu/avx_mathfun.h under `-ffp-contract=fast`.
 * - `logAvx`, `sincosAvx`: ports of `log256_ps` and `sincos256_ps` from avx_mathfun.h (Cephes), with
 *   exactly the contractions GCC 12 produced in Debian's torch 1.13 build ("variant A" in
 *   shared/torch-rng.md §4b). They are what `normal_fill_AVX2` (ATen/native/cpu/DistributionTemplates.h)
 *   computes, lane by lane.
 * - `fma64`: a float64 fused multiply-add, used where glibc's FMA code paths or contracted torch
 *   expressions round once.
 *
 * All functions take and return plain numbers; float32 values are numbers that `Math.fround` leaves
 * unchanged. No function allocates.
 */

/** Scratch views used to read the low word of a double; shared, never escaping a call. */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the low 32-bit word of a double in `U32` (0 on little-endian hosts). */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

const FLT_MIN = 1.1754943508222875e-38; // 2^-126, the smallest normal float32

/**
 * float32 fused multiply-add: the float32 nearest to the exact `a*b + c` (ties to even), for float32
 * inputs.
 *
 * Why this works: the product of two float32 values has at most 48 significant bits, so `a*b` is exact in
 * double. The double sum `s = a*b + c` is then rounded once more by `Math.fround`, and that double rounding
 * is wrong only when `s` lands exactly on a float32 midpoint while the exact sum did not. In that case the
 * TwoSum error of `a*b + c` tells which side the exact value lies on (the "midpoint rule" of
 * shared/torch-rng.md §4b).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  F64[0] = s;
  // A float32 midpoint (normal range) has double fraction bits 28..0 equal to 1 followed by 28 zeros.
  if ((U32[LO] & 0x1fffffff) !== 0x10000000 && Math.abs(s) >= FLT_MIN) return Math.fround(s);
  return fma32Slow(p, c, s);
}

/** The rare half of `fma32`: `s = RN64(p + c)` may be a float32 midpoint (or subnormal). */
function fma32Slow(p: number, c: number, s: number): number {
  const r = Math.fround(s);
  if (r === s || s !== s) return r;
  // If s is a midpoint, `other` is the float32 on the far side of it; otherwise s is not a midpoint.
  const other = 2 * s - r;
  if (Math.fround(other) !== other) return r;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // exact: p + c = s + err (TwoSum)
  if (err === 0) return r; // a true tie: fround already chose the even side
  return err > 0 ? Math.max(r, other) : Math.min(r, other);
}

/**
 * float64 fused multiply-add: the double nearest to the exact `a*b + c`.
 *
 * `a*b` is split exactly into `p + e` (Dekker's product with Veltkamp splitting), `p + c` into `s + t`
 * (TwoSum), and `t + e` into `u + v`; the exact result is `s + u + v` with `u, v` tiny next to `s` unless
 * `s` itself is exact. `s + u` rounds correctly unless it is a double midpoint, in which case the sign of
 * `v` decides. Valid while `|a|, |b| < 2^996` and the product does not underflow, which holds for every
 * argument the libm ports below pass.
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
  // s + u is a midpoint between r and its neighbour iff r + 2*err is that neighbour exactly.
  const far = r + 2 * err;
  if (far - r !== 2 * err) return r;
  return (v > 0) === (err > 0) ? far : r;
}

// ---------------------------------------------------------------------------------------------------
// log256_ps (avx_mathfun.h): Cephes logf on 8 lanes. The constants are the `_ps256_cephes_*` values,
// each rounded to float32 as `_PS256_CONST` does.

const SQRTHF = Math.fround(0.707106781186547524);
const LOG_P0 = Math.fround(7.0376836292e-2);
const LOG_P1 = Math.fround(-1.151461031e-1);
const LOG_P2 = Math.fround(1.1676998740e-1);
const LOG_P3 = Math.fround(-1.2420140846e-1);
const LOG_P4 = Math.fround(1.4249322787e-1);
const LOG_P5 = Math.fround(-1.6668057665e-1);
const LOG_P6 = Math.fround(2.0000714765e-1);
const LOG_P7 = Math.fround(-2.4999993993e-1);
const LOG_P8 = Math.fround(3.3333331174e-1);
const LOG_Q1 = Math.fround(-2.12194440e-4);
const LOG_Q2 = 0.693359375;

const F32 = new Float32Array(1);
const F32U = new Uint32Array(F32.buffer);

/**
 * `log256_ps` for one lane, GCC-contracted: the Horner steps and `y*z + e*q1` are single-rounding FMAs
 * (each choice is pinned by torch's output; shared/torch-rng.md §4b lists how many values change if
 * any one is undone). Non-positive inputs give NaN, like the vector code's invalid mask.
 */
export function logAvx(input: number): number {
  if (!(input > 0)) return NaN;
  F32[0] = input < FLT_MIN ? FLT_MIN : input; // the kernel clamps denormals to the smallest normal
  const bits = F32U[0];
  let e = ((bits >>> 23) - 127) + 1; // small integers: exact in float32
  F32U[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa in [0.5, 1)
  let x = F32[0];
  if (x < SQRTHF) {
    e -= 1;
    x = Math.fround(Math.fround(x - 1) + x);
  } else {
    x = Math.fround(x - 1);
  }
  const z = Math.fround(x * x);
  let y = fma32(LOG_P0, x, LOG_P1);
  y = fma32(y, x, LOG_P2);
  y = fma32(y, x, LOG_P3);
  y = fma32(y, x, LOG_P4);
  y = fma32(y, x, LOG_P5);
  y = fma32(y, x, LOG_P6);
  y = fma32(y, x, LOG_P7);
  y = fma32(y, x, LOG_P8);
  y = Math.fround(y * x);
  y = fma32(y, z, Math.fround(e * LOG_Q1));
  y = Math.fround(y - z * 0.5); // z*0.5 is exact
  x = Math.fround(x + y);
  return Math.fround(x + e * LOG_Q2); // e*Q2 is exact (Q2 has 9 significant bits)
}

// ---------------------------------------------------------------------------------------------------
// sincos256_ps (avx_mathfun.h): Cephes sinf/cosf with a shared range reduction.

const FOPI = Math.fround(1.27323954473516); // 4 / pi
const DP1 = -0.78515625;
const DP2 = -2.4187564849853515625e-4;
const DP3 = Math.fround(-3.77489497744594108e-8);
const COS_P0 = Math.fround(2.443315711809948e-5);
const COS_P1 = Math.fround(-1.388731625493765e-3);
const COS_P2 = Math.fround(4.166664568298827e-2);
const SIN_P0 = Math.fround(-1.9515295891e-4);
const SIN_P1 = Math.fround(8.3321608736e-3);
const SIN_P2 = Math.fround(-1.6666654611e-1);

/**
 * `sincos256_ps` for one lane, for `x >= 0` (all the kernel ever passes: theta = 2*pi*u). Writes
 * sin to `out[0]` and cos to `out[1]` (a caller-owned scratch array, so nothing is allocated).
 * The range reduction and both polynomials use the FMAs GCC contracted them into.
 */
export function sincosAvx(input: number, out: Float64Array | Float32Array): void {
  let x = Math.abs(input);
  const signIn = input < 0;
  let j = Math.trunc(Math.fround(x * FOPI));
  j = (j + 1) & ~1;
  const y = j; // small integer: exact in float32
  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const z = Math.fround(x * x);

  let c = fma32(COS_P0, z, COS_P1);
  c = fma32(c, z, COS_P2);
  c = Math.fround(c * z);
  c = fma32(c, z, -(z * 0.5));
  c = Math.fround(c + 1);

  let s = fma32(SIN_P0, z, SIN_P1);
  s = fma32(s, z, SIN_P2);
  s = Math.fround(s * z);
  s = fma32(s, x, x);

  let sinv = (j & 2) === 0 ? s : c;
  let cosv = (j & 2) === 0 ? c : s;
  if (((j & 4) !== 0) !== signIn) sinv = -sinv;
  if ((~(j - 2) & 4) !== 0) cosv = -cosv;
  out[0] = sinv;
  out[1] = cosv;
}

// ---------------------------------------------------------------------------------------------------
// float64 libm. torch's double paths call glibc's `log`, `sin` and `cos`.

/** glibc-compatible double `log` (see the port notes above). */
export function libmLog(x: number): number {
  return Math.log(x);
}

/** glibc-compatible double `sin`. */
export function libmSin(x: number): number {
  return Math.sin(x);
}

/** glibc-compatible double `cos`. */
export function libmCos(x: number): number {
  return Math.cos(x);
}
