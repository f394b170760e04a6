/**
 * Floating-point emulation for bit-exact parity with PyTorch's CPU kernels on x86-64.
 *
 * - `fma32`: a float32 fused multiply-add (one rounding). GCC emits FMAs when it contracts mul/add
 *   pairs under its default `-ffp-contract=fast` in torch's AVX2 kernel build.
 * - `logAvxArray`, `sincosAvxArray` (and the one-value `logAvx`, `sincosAvx`): ports of `log256_ps` and
 *   `sincos256_ps` from ATen/native/cpu/avx_mathfun.h (Cephes), with exactly the contractions GCC 12
 *   produced in Debian's torch 1.13 build ("variant A" in shared/torch-rng.md §4b). They are what
 *   `normal_fill_AVX2` (ATen/native/cpu/DistributionTemplates.h) computes, lane by lane. Non-AVX2 builds
 *   of torch (aarch64, `ATEN_CPU_CAPABILITY=default`) use libm's logf/sinf/cosf instead and are not
 *   reproduced here.
 * - `fma64`: a float64 fused multiply-add, for torch's contracted double expressions and the FMAs of
 *   the C library's x86-64 `log` build.
 * - `libmLog`: Arm optimized-routines' double `log` (MIT), as glibc 2.36's x86-64 FMA build computes it.
 * - `libmSincos`, `libmSin`, `libmCos` (re-exported from ./libm-double.ts): original, correctly rounded
 *   double sin/cos, for torch's float64 paths (equal to glibc's on ~99.86% of torch's inputs).
 *
 * float32 values are plain numbers that `Math.fround` leaves unchanged. Nothing here allocates per value.
 */

/** Scratch views used to read the low word of a double; shared, never escaping a call. */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the low 32-bit word of a double in `U32` (0 on little-endian hosts). */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

const FLT_MIN = 1.1754943508222875e-38; // 2^-126, the smallest normal float32

const fround = Math.fround;

/**
 * float32 fused multiply-add: the float32 nearest to the exact `a*b + c` (ties to even), for float32
 * inputs.
 *
 * Why this works: the product of two float32 values has at most 48 significant bits, so `a*b` is exact in
 * double. The double sum `s = a*b + c` is then rounded once more by `Math.fround`, and that double rounding
 * is wrong only when `s` lands exactly on a float32 midpoint while the exact sum did not. In that case the
 * TwoSum error of `a*b + c` tells which side the exact value lies on (the "midpoint rule" of
 * shared/torch-rng.md §4b).
 *
 * Kept small and call-free on purpose: V8 inlines it into the kernels' loops, where its doubles stay
 * unboxed (a non-inlined call would box them on the heap).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = fround(s);
  // s can be a midpoint only if it is half-way to a float32 neighbour `far = 2s - r` (exact if so).
  const far = 2 * s - r;
  if (r === s || fround(far) !== far) return r;
  // Confirm with the bits (normal range): fraction bits 28..0 of a midpoint are 1 followed by 28 zeros.
  F64[0] = s;
  if ((U32[LO] & 0x1fffffff) !== 0x10000000 && Math.abs(s) >= FLT_MIN) return r;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // exact: p + c = s + err (TwoSum)
  // err = 0: a true tie, and fround already chose the even side; otherwise err says which side.
  return err === 0 || err > 0 === r > far ? r : far;
}

/**
 * float64 fused multiply-add: the double nearest to the exact `a*b + c`.
 *
 * `a*b` is split exactly into `p + e` (Dekker's product with Veltkamp splitting), `p + c` into `s + t`
 * (TwoSum), and `t + e` into `u + v`; the exact result is `s + u + v` with `u, v` tiny next to `s` unless
 * `s` itself is exact. `s + u` rounds correctly unless it is a double midpoint, in which case the sign of
 * `v` decides. Valid while `|a|, |b| < 2^996` and the product does not underflow, which holds for every
 * argument the log port below passes.
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
// log256_ps and sincos256_ps (avx_mathfun.h): Cephes logf/sinf/cosf on 8 lanes. The constants are the
// `_ps256_cephes_*` values, each rounded to float32 as `_PS256_CONST` does.
//
// The kernels take and fill typed arrays (one call per Box-Muller chunk), and keep each FMA call site in a
// loop over its coefficients, so V8 inlines `fma32` everywhere and no double is ever boxed.

const SQRTHF = fround(0.707106781186547524);
/** Cephes logf polynomial P0..P8. */
const LOG_P = Float64Array.of(
  fround(7.0376836292e-2),
  fround(-1.151461031e-1),
  fround(1.1676998740e-1),
  fround(-1.2420140846e-1),
  fround(1.4249322787e-1),
  fround(-1.6668057665e-1),
  fround(2.0000714765e-1),
  fround(-2.4999993993e-1),
  fround(3.3333331174e-1),
);
const LOG_Q1 = fround(-2.12194440e-4);
const LOG_Q2 = 0.693359375;

const F32 = new Float32Array(1);
const F32U = new Uint32Array(F32.buffer);

/**
 * `log256_ps` lane by lane: `out[k] = log(x[k])` for k < n, in float32 with GCC's contractions. The
 * Horner steps and `y*z + e*q1` are single-rounding FMAs (each choice is pinned by torch's output;
 * shared/torch-rng.md §4b lists how many values change if any one is undone). Denormal inputs are
 * clamped to the smallest normal and non-positive ones give NaN, like the vector code.
 */
export function logAvxArray(x: Float64Array | Float32Array, out: Float64Array | Float32Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const input = x[k];
    if (!(input > 0)) {
      out[k] = NaN;
      continue;
    }
    F32[0] = input < FLT_MIN ? FLT_MIN : input;
    const bits = F32U[0];
    let e = ((bits >>> 23) - 127) + 1; // small integers: exact in float32
    F32U[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa in [0.5, 1)
    let m = F32[0];
    if (m < SQRTHF) {
      e -= 1;
      m = fround(fround(m - 1) + m);
    } else {
      m = fround(m - 1);
    }
    const z = fround(m * m);
    let y = LOG_P[0];
    for (let i = 1; i < 9; i++) y = fma32(y, m, LOG_P[i]);
    y = fma32(fround(y * m), z, fround(e * LOG_Q1));
    y = fround(y - z * 0.5); // z*0.5 is exact
    m = fround(m + y);
    out[k] = fround(m + e * LOG_Q2); // e*Q2 is exact (Q2 has 9 significant bits)
  }
}

const FOPI = fround(1.27323954473516); // 4 / pi
/** Cody-Waite pi/4 split: DP1 + DP2 + DP3 ~ -pi/4. */
const SINCOS_DP = Float64Array.of(-0.78515625, -2.4187564849853515625e-4, fround(-3.77489497744594108e-8));
/** Cephes cosf polynomial. */
const COS_P = Float64Array.of(fround(2.443315711809948e-5), fround(-1.388731625493765e-3), fround(4.166664568298827e-2));
/** Cephes sinf polynomial. */
const SIN_P = Float64Array.of(fround(-1.9515295891e-4), fround(8.3321608736e-3), fround(-1.6666654611e-1));

/**
 * `sincos256_ps` lane by lane: `out[2k] = sin(x[k])`, `out[2k + 1] = cos(x[k])` for k < n and
 * |x| < 2^31 (the kernel only passes theta = 2*pi*u). The range reduction and both polynomials use the
 * FMAs GCC contracted them into.
 */
export function sincosAvxArray(x: Float64Array | Float32Array, out: Float64Array | Float32Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const input = x[k];
    let v = Math.abs(input);
    let j = Math.trunc(fround(v * FOPI));
    j = (j + 1) & ~1;
    for (let i = 0; i < 3; i++) v = fma32(j, SINCOS_DP[i], v); // j is a small integer: exact in float32
    const z = fround(v * v);

    let c = COS_P[0];
    for (let i = 1; i < 3; i++) c = fma32(c, z, COS_P[i]);
    c = fma32(fround(c * z), z, -(z * 0.5));
    c = fround(c + 1);

    let s = SIN_P[0];
    for (let i = 1; i < 3; i++) s = fma32(s, z, SIN_P[i]);
    s = fma32(fround(s * z), v, v);

    const swap = (j & 2) !== 0;
    const sinv = swap ? c : s;
    const cosv = swap ? s : c;
    out[2 * k] = ((j & 4) !== 0) !== input < 0 ? -sinv : sinv;
    out[2 * k + 1] = (~(j - 2) & 4) !== 0 ? -cosv : cosv;
  }
}

const LANE_IN = new Float64Array(1);
const LANE_OUT = new Float64Array(2);

/** `log256_ps` for one value (see {@link logAvxArray}). */
export function logAvx(x: number): number {
  LANE_IN[0] = x;
  logAvxArray(LANE_IN, LANE_OUT, 1);
  return LANE_OUT[0];
}

/** `sincos256_ps` for one value: `[sin, cos]` (see {@link sincosAvxArray}). */
export function sincosAvx(x: number): [number, number] {
  LANE_IN[0] = x;
  sincosAvxArray(LANE_IN, LANE_OUT, 1);
  return [LANE_OUT[0], LANE_OUT[1]];
}

// ---------------------------------------------------------------------------------------------------
// float64 libm for torch's double-precision paths (the numel < 16 Box-Muller, `normal_fill<double>`,
// `exponential_`), which call the C library's `log`, `sin`, `cos` (GCC merges torch's sin/cos pair into
// one `sincos` call).
//
// - `libmLog` (below): a port of the double-precision `log` from Arm's optimized-routines
//   (https://github.com/ARM-software/optimized-routines, math/log.c and math/log_data.c), used here
//   under its MIT licence; the notice is reproduced next to the code. glibc 2.36 ships this same Arm
//   algorithm, and the port applies the fused multiply-adds that glibc's x86-64 FMA build of it
//   (`__log_fma`) performs, so on torch's inputs it equals that build bit for bit (0 differences on
//   400,000 inputs, checked through ctypes against Debian 12's libm). V8's fdlibm-based Math.log
//   differs from it in the last bit on about 7% of them.
// - `libmSincos`, `libmSin`, `libmCos`: an original, correctly rounded implementation
//   (./libm-double.ts). glibc's sin/cos are not correctly rounded, so these equal glibc's on about
//   99.86% of torch's angles 2*pi*u, not on all (test/random.test.ts lists the measured differences).

export { libmCos, libmSin, libmSincos } from './libm-double';

/*
 * The log port below (LOG_TAB, LOG_LN2HI/LO, LOG_A*, LOG_B, libmLog, logNearOne) is derived from Arm's
 * optimized-routines math/log.c and math/log_data.c:
 *
 *   MIT License
 *
 *   Copyright (c) 1999-2018, Arm Limited.
 *
 *   Permission is hereby granted, free of charge, to any person obtaining a copy
 *   of this software and associated documentation files (the "Software"), to deal
 *   in the Software without restriction, including without limitation the rights
 *   to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 *   copies of the Software, and to permit persons to whom the Software is
 *   furnished to do so, subject to the following conditions:
 *
 *   The above copyright notice and this permission notice shall be included in all
 *   copies or substantial portions of the Software.
 *
 *   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 *   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 *   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 *   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 *   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 *   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 *   SOFTWARE.
 */

/** `__log_data.tab` (log_data.c, N = 128): {invc, logc} for each subinterval of [0x1.6p-1, 0x1.6p0). */
const LOG_TAB = new Float64Array([
  1.4504249240398293, -0.3718565645633589,
  1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945,
  1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097,
  1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188,
  1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586,
  1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761,
  1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526,
  1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998,
  1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555,
  1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154,
  1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115,
  1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692,
  1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968,
  1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678,
  1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873,
  1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895,
  1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046,
  1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045,
  1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833,
  1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919,
  1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543,
  1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228,
  1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024,
  1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573,
  1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727,
  1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279,
  1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482,
  1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573,
  1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901,
  1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698,
  1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668,
  1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897,
  1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143,
  1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327,
  1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086,
  1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985,
  1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888,
  1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822,
  1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831,
  1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809,
  1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412,
  0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066,
  0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744,
  0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186,
  0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107,
  0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153,
  0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905,
  0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516,
  0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061,
  0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756,
  0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146,
  0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969,
  0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753,
  0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317,
  0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744,
  0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396,
  0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975,
  0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884,
  0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145,
  0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143,
  0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595,
  0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256,
  0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876,
  0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366,
  0.729344777457841, 0.31560871301871884,
]);

const LOG_LN2HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LOG_LN2LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
/** `__log_data.poly` (log_data.c, N = 128, order 6): log1p(r) - r ~ r^2 * (A0 + r A1 + ...), |r| < 1/256. */
const LOG_A0 = -0.5000000000000001;
const LOG_A1 = 0.33333333331825593;
const LOG_A2 = -0.2499999999622955;
const LOG_A3 = 0.20000304511814496;
const LOG_A4 = -0.16667054827627667;
/** `__log_data.poly1` (log_data.c, order 12): log1p(r) for |r| < 1/16, B0 = -0.5. */
const LOG_B = new Float64Array([
  -0.5, 0.3333333333333352, -0.24999999999998432, 0.19999999999320328, -0.16666666669929706,
  0.14285715076560868, -0.12499997863982555, 0.11110712032936046, -0.10000486757818193,
  0.09181994006195467, -0.08328363062289341,
]);

const HI = LO ^ 1;
const TWO_POW_52 = 4503599627370496;

/** Double `log` (optimized-routines math/log.c, FMA variant): bit-exact with glibc 2.36's `__log_fma`. */
export function libmLog(x: number): number {
  F64[0] = x;
  let hi = U32[HI];
  // 1 - 2^-4 <= x < 1 + 0x1.09p-4: the polynomial around 1 (its own accuracy path).
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) return logNearOne(x);
  let kAdjust = 0;
  if (hi < 0x00100000 || hi >= 0x7ff00000) {
    // zero, subnormal, negative, infinite or NaN
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    if (!(x > 0)) return NaN;
    F64[0] = x * TWO_POW_52; // normalise a subnormal
    hi = U32[HI];
    kAdjust = -52;
  }
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); i picks the subinterval (tmp = ix - 0x3fe6000000000000).
  const tmpHi = (hi - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = (tmpHi >> 20) + kAdjust;
  U32[HI] = (hi - (tmpHi & 0xfff00000)) >>> 0;
  const z = F64[0];
  const invc = LOG_TAB[2 * i];
  const logc = LOG_TAB[2 * i + 1];
  const r = fma64(z, invc, -1.0); // the HAVE_FAST_FMA branch of log.c
  const w = k * LOG_LN2HI + logc; // exact by construction of the table
  const h = w + r;
  const l = fma64(k, LOG_LN2LO, w - h + r);
  const r2 = r * r;
  const q = fma64(r2, fma64(r, LOG_A4, LOG_A3), fma64(r, LOG_A2, LOG_A1));
  return fma64(r * r2, q, fma64(r2, LOG_A0, l)) + h;
}

/** log.c's branch for inputs close to 1 (LOG_POLY1_ORDER 12, N = 128). */
function logNearOne(x: number): number {
  if (x === 1) return 0;
  const B = LOG_B;
  const r = x - 1.0;
  const r2 = r * r;
  const r3 = r * r2;
  const p3 = fma64(r3, B[10], fma64(r2, B[9], fma64(r, B[8], B[7])));
  const p2 = fma64(r3, p3, fma64(r2, B[6], fma64(r, B[5], B[4])));
  const p1 = fma64(r3, p2, fma64(r2, B[3], fma64(r, B[2], B[1])));
  const w0 = r * 134217728; // 2^27: split r into 26 high bits and the rest
  const rhi = r + w0 - w0;
  const rlo = r - rhi;
  const w = rhi * rhi * B[0]; // exact
  const h = r + w;
  let l = r - h + w;
  l = fma64(B[0] * rlo, rhi + r, l);
  return fma64(r3, p1, l) + h;
}
