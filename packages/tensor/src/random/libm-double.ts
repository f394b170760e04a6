/**
 * Correctly rounded double-precision sine and cosine, for torch's float64 Box-Muller paths.
 *
 * This is an original implementation written for this package (MIT, like the rest of it). It uses only
 * textbook techniques: a Cody-Waite reduction by multiples of pi/2 against a many-part split of pi/2,
 * Taylor series of sin and cos evaluated in double-double arithmetic (Knuth's TwoSum, Dekker's
 * product with Veltkamp's splitting), and one final rounding of the double-double result. Its
 * constants are pi/2 cut into 26-bit pieces and the Taylor coefficients (-1)^k/n!, all computed
 * independently to 400 bits.
 *
 * Accuracy: the double-double result is within about 2^-100 (relative) of the true value (the largest
 * error measured against 300-bit references, on 65,000 inputs including the doubles nearest to multiples
 * of pi/2, was 2^-104.9), so rounding it to double gives the correctly rounded sin(x) / cos(x) unless the
 * true value lies within ~2^-100 of a midpoint between two doubles: astronomically rare, and it happened
 * on none of the ~660,000 inputs checked (test/random.test.ts checks some against a BigInt reference).
 *
 * glibc's `sin`/`cos`, which torch calls, are not correctly rounded (glibc documents < 1 ULP; on
 * torch's inputs 2*pi*u they misround about 0.14% of values by one ULP), so this function reproduces
 * glibc's bits on about 99.86% of Box-Muller angles, not all of them. test/random.test.ts lists the
 * measured differences.
 */

/** Veltkamp's splitting constant 2^27 + 1: `c*a - (c*a - a)` keeps the top 26 bits of `a`. */
const SPLIT = 134217729;

/** 2/pi, rounded to double; only used to pick the nearest multiple of pi/2, so its error is harmless. */
const INV_PIO2 = 0.6366197723675814;

/**
 * pi/2 = PIO2[0] + PIO2[1] + ... + PIO2[7] + O(2^-225), each piece with at most 26 significant bits, so
 * that n * PIO2[k] is exact for every integer |n| < 2^27.
 */
const PIO2 = Float64Array.of(
  1.5707963407039642, // 0x1.921fb58p+0
  -1.3909067675399456e-8, // -0x1.dde974p-27
  6.123233932053594e-17, // 0x1.1a62630p-54
  6.368317178484799e-25, // 0x1.8a2e038p-81
  -1.497384905065873e-33, // -0x1.f1976b8p-110
  2.0670320881522304e-43, // 0x1.2704450p-142
  2.1674168387780482e-51, // 0x1.9f31d0p-169
  2.546305778996385e-60, // 0x1.05df530p-198
);

/** Reduction is exact enough (and n * PIO2[k] exact) below this bound: 2^27. */
const REDUCE_MAX = 134217728;
/** Below 2^-27, sin(x) rounds to x and cos(x) to 1. */
const TINY = 7.450580596923828e-9;

/**
 * sin(r) = r + r*z*S(z) with z = r^2 and S(z) = sum_{k>=1} (-1)^k z^(k-1) / (2k+1)!.
 * SIN_DD holds the k = 8..1 coefficients as double-double pairs {hi, lo}; SIN_TAIL the k = 14..9
 * coefficients as doubles (for |r| <= pi/4 their rounding errors are below 2^-110 of the result, and
 * the terms left out below 2^-120).
 */
const SIN_DD = Float64Array.of(
  2.8114572543455206e-15, 1.6508842730861433e-31, // 1/17!
  -7.647163731819816e-13, -7.03872877733453e-30, // -1/15!
  1.6059043836821613e-10, 1.2585294588752098e-26, // 1/13!
  -2.505210838544172e-8, 1.448814070935912e-24, // -1/11!
  2.7557319223985893e-6, -1.858393274046472e-22, // 1/9!
  -0.0001984126984126984, -1.7209558293420705e-22, // -1/7!
  0.008333333333333333, 1.1564823173178714e-19, // 1/5!
  -0.16666666666666666, -9.25185853854297e-18, // -1/3!
);
const SIN_TAIL = Float64Array.of(
  1.1309962886447716e-31, // 1/29!
  -9.183689863795546e-29, // -1/27!
  6.446950284384474e-26, // 1/25!
  -3.868170170630684e-23, // -1/23!
  1.9572941063391263e-20, // 1/21!
  -8.22063524662433e-18, // -1/19!
);

/**
 * cos(r) = 1 + z*C(z) with C(z) = sum_{k>=1} (-1)^k z^(k-1) / (2k)!. COS_DD: k = 8..1 as double-double
 * pairs; COS_TAIL: k = 14..9 as doubles (terms left out: below 2^-118).
 */
const COS_DD = Float64Array.of(
  4.779477332387385e-14, 4.399205485834081e-31, // 1/16!
  -1.1470745597729725e-11, -2.0655512752830745e-28, // -1/14!
  2.08767569878681e-9, -1.20734505911326e-25, // 1/12!
  -2.755731922398589e-7, -2.3767714622250297e-23, // -1/10!
  2.48015873015873e-5, 2.1511947866775882e-23, // 1/8!
  -0.001388888888888889, 5.300543954373577e-20, // -1/6!
  0.041666666666666664, 2.3129646346357427e-18, // 1/4!
  -0.5, 0, // -1/2!
);
const COS_TAIL = Float64Array.of(
  3.279889237069838e-30, // 1/28!
  -2.4795962632247976e-27, // -1/26!
  1.6117375710961184e-24, // 1/24!
  -8.896791392450574e-22, // -1/22!
  4.110317623312165e-19, // 1/20!
  -1.5619206968586225e-16, // -1/18!
);

/**
 * sin(x) to out[0] and cos(x) to out[1], each correctly rounded (see the file comment) for |x| < 2^27.
 * Larger or non-finite arguments, which the Box-Muller paths never produce, fall back to Math.sin/cos.
 *
 * Everything is inlined into this one function so that V8 keeps every intermediate double unboxed; it
 * allocates nothing.
 */
export function libmSincos(x: number, out: Float64Array): void {
  const ax = Math.abs(x);
  if (!(ax < REDUCE_MAX)) {
    out[0] = Math.sin(x);
    out[1] = Math.cos(x);
    return;
  }
  if (ax < TINY) {
    out[0] = x; // keeps the sign of -0
    out[1] = 1;
    return;
  }

  // ---- reduction: x = n*pi/2 + (rh + rl), |rh + rl| <= pi/4 (to rounding) --------------------------
  const n = Math.round(x * INV_PIO2);
  let rh = x;
  let rl = 0;
  if (n !== 0) {
    // x - n*PIO2[0] is exact: x and n*PIO2[0] are within a factor of 2 of each other (Sterbenz), except
    // at the n = +-1 edge where both lie on the 2^-53 grid and the difference is below 1. Every later
    // product is exact; TwoSum keeps each subtraction's rounding error, and those are summed in rl.
    rh = x - n * PIO2[0];
    for (let k = 1; k < 8; k++) {
      const t = -n * PIO2[k];
      const s = rh + t;
      const bb = s - rh;
      rl += rh - (s - bb) + (t - bb);
      rh = s;
    }
    const s = rh + rl;
    rl -= s - rh;
    rh = s;
  }

  // ---- z = r^2 as a double-double --------------------------------------------------------------------
  let sp = SPLIT * rh;
  const rhh = sp - (sp - rh);
  const rhl = rh - rhh;
  let zh = rh * rh;
  let zl = rhh * rhh - zh + 2 * rhh * rhl + rhl * rhl + 2 * rh * rl;
  let s = zh + zl;
  zl -= s - zh;
  zh = s;
  sp = SPLIT * zh;
  const zhh = sp - (sp - zh);
  const zhl = zh - zhh;

  // ---- S(z) and C(z): a double tail, then double-double Horner steps p = c + z*p ----------------------
  // The sine and cosine chains are interleaved step by step so that the CPU overlaps their latencies.
  let qs = SIN_TAIL[0];
  let qc = COS_TAIL[0];
  for (let i = 1; i < 6; i++) {
    qs = qs * zh + SIN_TAIL[i];
    qc = qc * zh + COS_TAIL[i];
  }
  qs *= zh;
  qc *= zh;
  let sh = SIN_DD[0] + qs; // |SIN_DD[0]| > |qs|: Fast2Sum
  let sl = SIN_DD[0] - sh + qs + SIN_DD[1];
  let ch = COS_DD[0] + qc;
  let cl = COS_DD[0] - ch + qc + COS_DD[1];
  for (let i = 2; i < 16; i += 2) {
    // (sh, sl) * (zh, zl) = m + ml, where m + (the Dekker terms) = sh*zh exactly
    let m = sh * zh;
    sp = SPLIT * sh;
    let hh = sp - (sp - sh);
    let hl = sh - hh;
    let ml = hh * zhh - m + hh * zhl + hl * zhh + hl * zhl + (sh * zl + sl * zh);
    // + (c, cl): the coefficient is larger than the product in magnitude, so Fast2Sum is exact
    let c = SIN_DD[i];
    s = c + m;
    let t = c - s + m + ml + SIN_DD[i + 1];
    sh = s + t;
    sl = t - (sh - s);

    m = ch * zh;
    sp = SPLIT * ch;
    hh = sp - (sp - ch);
    hl = ch - hh;
    ml = hh * zhh - m + hh * zhl + hl * zhh + hl * zhl + (ch * zl + cl * zh);
    c = COS_DD[i];
    s = c + m;
    t = c - s + m + ml + COS_DD[i + 1];
    ch = s + t;
    cl = t - (ch - s);
  }

  // w = z * S(z), and cos r = 1 + z * C(z) with |z * C| <= 0.31
  let m = zh * sh;
  sp = SPLIT * sh;
  let ah = sp - (sp - sh);
  let al = sh - ah;
  let ml = zhh * ah - m + zhh * al + zhl * ah + zhl * al + (zh * sl + zl * sh);
  const wh = m + ml;
  const wl = ml - (wh - m);
  const mc = zh * ch;
  sp = SPLIT * ch;
  const bh = sp - (sp - ch);
  const bl = ch - bh;
  const mlc = zhh * bh - mc + zhh * bl + zhl * bh + zhl * bl + (zh * cl + zl * ch);
  s = 1 + mc;
  const cosr = s + (1 - s + mc + mlc); // one rounding of the double-double 1 + z*C

  // sin r = r + r*w, |r*w| < |r|/8
  m = rh * wh;
  sp = SPLIT * wh;
  ah = sp - (sp - wh);
  al = wh - ah;
  ml = rhh * ah - m + rhh * al + rhl * ah + rhl * al + (rh * wl + rl * wh);
  s = rh + m;
  const sinr = s + (rh - s + m + ml + rl); // one rounding of the double-double r + r*w

  // ---- quadrant ------------------------------------------------------------------------------------------
  const quadrant = n & 3;
  if (quadrant === 0) {
    out[0] = sinr;
    out[1] = cosr;
  } else if (quadrant === 1) {
    out[0] = cosr;
    out[1] = -sinr;
  } else if (quadrant === 2) {
    out[0] = -sinr;
    out[1] = -cosr;
  } else {
    out[0] = -cosr;
    out[1] = sinr;
  }
}

const SC_SCRATCH = new Float64Array(2);

/** Correctly rounded sin(x) (see {@link libmSincos}). */
export function libmSin(x: number): number {
  libmSincos(x, SC_SCRATCH);
  return SC_SCRATCH[0];
}

/** Correctly rounded cos(x) (see {@link libmSincos}). */
export function libmCos(x: number): number {
  libmSincos(x, SC_SCRATCH);
  return SC_SCRATCH[1];
}
