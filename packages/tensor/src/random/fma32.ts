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
 * - `fma64`: a float64 fused multiply-add, for torch's contracted double expressions and glibc's FMA
 *   builds.
 * - `libmLog`, `libmSincos`, `libmSin`, `libmCos`: glibc 2.36's double log/sin/cos as its x86-64 FMA
 *   variants compute them, for torch's float64 paths.
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
// float64 libm: glibc 2.36's `log`, `sin`, `cos` (and `sincos`) as x86-64 runs them.
//
// torch's double-precision paths (the numel < 16 Box-Muller, `normal_fill<double>`, `exponential_`) call
// glibc. On a CPU with FMA and AVX2, glibc's ifunc picks `__log_fma`, `__sin_fma`, `__cos_fma`,
// `__sincos_fma`: the generic C sources compiled with `-mfma -mavx2`, so GCC contracts every product
// whose only uses are additions into an FMA. V8's fdlibm-based Math.log/sin/cos differ from these in
// the last bit for 7% (log) and 3% (sin, cos) of torch's inputs; these ports reproduce glibc exactly
// (0 differences on 400,000 inputs of each, checked through ctypes against Debian 12's libm).
//
// - log: sysdeps/ieee754/dbl-64/e_log.c, the ARM optimized-routines algorithm (MIT licensed upstream):
//   128-entry table, degree-6 polynomial, a separate degree-12 polynomial near 1.
// - sin/cos: sysdeps/ieee754/dbl-64/s_sin.c and s_sincos.c (IBM Accurate Mathematical Library,
//   LGPL-2.1-or-later in glibc): a table of sin/cos at multiples of 1/128 corrected by short Taylor
//   polynomials, after a Cody-Waite reduction by pi/2 for |x| >= 2.426265.
// The tables below are glibc's data (`__log_data`, `__sincostab`); the sincos table is exactly the
// double-double rounding of sin(i/128) and cos(i/128).

/** `__log_data.tab`: {invc, logc} for each of the 128 subintervals of [0x1.6p-1, 0x1.6p0). */
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

/**
 * `__sincostab` (sincostab.c): for i = 0..109, sin(i/128) and cos(i/128) as double-double pairs
 * {sn, ssn, cs, ccs} with sn = RN(sin), ssn = RN(sin - sn), likewise for cos.
 */
const SINCOS_TAB = new Float64Array([
  0.0, 0.0, 1.0, 0.0,
  0.0078124205273828315, -4.102755709382617e-19, 0.9999694825770951, 5.427791428371788e-17,
  0.015624364224883372, -1.265093755275982e-19, 0.9998779321710066, 3.216122229972341e-17,
  0.02343535429172257, 1.0500785515068913e-19, 0.9997253543694995, 4.666714544113391e-17,
  0.03124491398532608, -1.562781562225433e-18, 0.9995117584851364, -3.418806487972947e-17,
  0.03905256665042215, 1.1342467037138512e-18, 0.999237157554709, 1.1089280858439994e-17,
  0.04685783574813424, -2.3419368365610254e-18, 0.9989015683384429, -2.1425557800399754e-17,
  0.05466024488506646, 3.373831935351774e-19, 0.9985050113189741, 1.779930870620664e-17,
  0.0624593178423802, -2.040259504585711e-18, 0.9980475107000991, 3.3232291674141346e-17,
  0.07025457860486005, -6.773890900301373e-18, 0.9975290944052978, 5.112086057887235e-18,
  0.07804555138996731, -5.4494437820057936e-18, 0.9969497940760287, -1.2467075728553626e-17,
  0.08583176067687935, -3.490037167231825e-18, 0.996309645069798, -1.1743657041590172e-18,
  0.09361273123551289, 1.4628632005878733e-18, 0.9956086864580017, 3.312922430932991e-17,
  0.10138798815552964, 3.99242856835807e-18, 0.9948469610235406, -8.198278333258706e-18,
  0.10915705687532236, 6.6284699502736666e-18, 0.9940245152582091, 1.3287985046260087e-17,
  0.11691946321097965, -2.283412536970096e-18, 0.9931413993598577, 2.8553964189785565e-17,
  0.12467473338522769, -2.925947496057858e-18, 0.992197667229329, 4.754870575189364e-17,
  0.13242239405634718, 1.2801053067990684e-17, 0.9911933764671682, 3.1426138811726996e-17,
  0.1401619723470637, -9.946847113883478e-18, 0.9901285883701071, -4.589906353553811e-18,
  0.14789299587340962, -1.3140968557128452e-17, 0.9890033679273229, 1.7676104005868335e-18,
  0.15561499277355603, 8.886053372342288e-18, 0.9878177838164719, 4.91917302237681e-17,
  0.16332749173661285, 5.483569430347159e-18, 0.9865719083994976, -1.0327444588275446e-17,
  0.17103002203139503, -9.954774726452923e-18, 0.9852658177182139, -4.925721262944555e-17,
  0.17872211353515366, -1.6240405901074e-20, 0.983899591489664, -2.1647988531644275e-17,
  0.18640329676226988, 2.3493796901281573e-18, 0.9824733131012553, -3.919920375420088e-17,
  0.1940731028929098, -7.832741210198615e-18, 0.9809870696056692, 1.967841180870303e-17,
  0.2017310638016388, 5.587232815460113e-18, 0.9794409517155483, 1.310876952152676e-17,
  0.20937671208599365, -5.536403693172164e-18, 0.9778350537979598, 2.9910028492769484e-17,
  0.21700958109501015, 1.1170071073364376e-17, 0.9761694738686353, -7.850690609285027e-18,
  0.2246292049577053, -1.058590416432903e-17, 0.9744443135859889, 4.990128834921396e-17,
  0.23223511861151147, -8.318080852687206e-18, 0.9726596782449127, 2.3920264546490165e-17,
  0.23982685783066157, -7.260810660979712e-18, 0.9708156767703494, 5.1285792532153653e-17,
  0.24740395925452294, -7.53102495590706e-18, 0.9689124217106447, 5.071436662403936e-17,
  0.2549659604158785, -2.2310035435425957e-17, 0.9669500292306779, -3.237770297707692e-17,
  0.2625123997691533, -2.2534597527902128e-17, 0.964928619104771, -3.0345542681018625e-18,
  0.27004281671858504, -1.2103265097887777e-17, 0.9628483147093797, -4.646009771724241e-18,
  0.2775567516463363, 1.7674070262791825e-17, 0.9607092430155619, -2.807827063516729e-17,
  0.28505374594054744, -1.8162083107618118e-17, 0.9585115345812286, 8.134621492946255e-18,
  0.29253334202332754, 7.516944930327352e-18, 0.9562553235431753, -3.148450868841629e-17,
  0.299995083378683, 2.606392777930734e-17, 0.9539407476088947, 4.3757589471734985e-17,
  0.30743851458038085, 1.1004366442765292e-19, 0.9515679480481722, -3.8614834675674123e-17,
  0.3148631813197453, -2.6921345305772252e-17, 0.949137069684463, 4.149148046099445e-17,
  0.3222686304333866, 2.093773358126606e-17, 0.9466482608860534, -3.911683334934152e-17,
  0.32965440993086015, 2.35998378957031e-17, 0.9441016735570044, -1.6017653284545848e-17,
  0.33702006902225307, 1.0312279860787216e-17, 0.9414974631278811, -4.85238302367971e-18,
  0.3443651581456984, 5.881664587517989e-18, 0.9388357885462655, 6.919329459921788e-18,
  0.3516892289948141, -2.5616208736069942e-17, 0.9361168122670553, -5.2350302039683216e-17,
  0.35899183454606504, 1.7495482840158848e-17, 0.9333407002425484, -1.322859547778088e-17,
  0.36627252908604757, -9.938814562106524e-18, 0.9305076219123143, 4.488760003328074e-18,
  0.37353086823869297, -2.375669144106189e-17, 0.9276177501928519, 4.5350942573591974e-17,
  0.38076640899239017, 2.1372528646211374e-17, 0.924671261467036, 5.5444125388034563e-17,
  0.38797870972702503, 1.759799510335953e-17, 0.9216683355733519, -8.550693097867243e-18,
  0.39516733024093426, -1.9613487871414228e-17, 0.9186091557949183, -4.0564150104514996e-17,
  0.4023318317777731, 1.4413875452702007e-17, 0.9154939088483012, 5.413375566838042e-17,
  0.40947177705329507, -5.679403000091266e-18, 0.9123227848721178, 2.6349040211413332e-17,
  0.41658673028204113, -9.610850682533715e-18, 0.909095977415431, 2.920006113841211e-17,
  0.42367625720393803, -2.331800700068871e-17, 0.9058136834259364, 4.2864666490805214e-17,
  0.4307399251108032, -2.6212879607476533e-17, 0.9024761032379415, 3.112490674651326e-17,
  0.4377773028727551, 7.64345629962023e-18, 0.8990834405601384, 9.076951775075616e-18,
  0.4447879609645272, -6.655392977344925e-18, 0.8956359024631707, -8.854043885762716e-18,
  0.4517714714916838, -8.234073942098903e-18, 0.8921336993669944, 2.3160655211380166e-17,
  0.4587274082167366, 1.6080982096218356e-17, 0.8885770450280356, -4.034491998357167e-17,
  0.46565534658516017, 1.459870391051426e-17, 0.8849661565261433, -7.690557775987357e-18,
  0.47255486375130445, -3.608790703790546e-18, 0.8813012542513406, -4.973073189306066e-17,
  0.479425538604203, -5.103969860556013e-18, 0.8775825618903728, -4.2623149864279997e-17,
  0.48626695179327556, 1.5131647652857083e-17, 0.8738103064130545, 4.767670756525657e-17,
  0.49307868575392305, 5.605083973871755e-18, 0.8699847180584174, 1.657385110740923e-17,
  0.49986032473301345, 1.3570481487732128e-17, 0.8661060303206567, 2.0097792543831333e-17,
  0.5066114548142574, -3.269413423618168e-17, 0.8621744799348805, 4.4132427578105805e-18,
  0.5133316639434712, 3.462454351928195e-17, 0.8581903068626604, -5.4374664844403745e-17,
  0.520020541953727, -3.983266745698455e-17, 0.8541537542773854, 5.420565102675287e-18,
  0.5266776805903868, -4.570502275386202e-17, 0.8500650685494202, 5.317093455811416e-17,
  0.5333026735360201, 5.129318115032044e-17, 0.8459244992310679, 1.549506647350329e-17,
  0.5398951164352044, 2.4263515104613218e-17, 0.8417322990413384, -2.7333362440269662e-17,
  0.5464546069192036, 8.399754840929507e-18, 0.8374887238505236, 4.3337026043948396e-17,
  0.5529807446305274, -6.743270455611733e-18, 0.8331940326645814, -1.8644878796734315e-19,
  0.5594731312473669, 1.575565514488728e-17, 0.8288484876093257, 1.1163935406617444e-17,
  0.565931370507906, 6.582459440388572e-18, 0.8244523539144292, 3.731817754380378e-17,
  0.5723550682345072, 2.6575872357215316e-17, 0.820005899897234, -3.912431748209128e-17,
  0.5787438323577704, -2.7958488978746924e-17, 0.8155093969463755, 1.3751889684983784e-18,
  0.5850972729404622, -5.4883972461161805e-17, 0.8109631195052179, -3.091333486122179e-17,
  0.5914150022013163, 5.0668448898504805e-17, 0.8063673450551039, 3.4650875715584734e-17,
  0.5976966345387015, 5.450323593054385e-17, 0.8017223540984184, 4.0134533311087014e-17,
  0.6039417865541566, 1.1794923733511837e-17, 0.7970284301414683, 5.0523609948487484e-17,
  0.6101500770757914, -1.479826990758988e-17, 0.7922858596771786, -2.9049779312834576e-17,
  0.616321127181551, -2.20849501729641e-17, 0.7874949321676061, -4.8080555050456574e-17,
  0.6224545602223437, -6.049035765709707e-18, 0.7826559400262728, -1.474071641211487e-17,
  0.6285500018450296, 3.5348797769901485e-17, 0.7777691786003179, -8.842419849333787e-18,
  0.6346070800152693, -3.4568582392624965e-17, 0.7728349461524715, 4.231014921891023e-17,
  0.6406254250402305, -4.700891123899386e-17, 0.7678535438428503, 4.9065912521116424e-17,
  0.6466046695911524, 4.567647714393287e-19, 0.7628252757105762, 1.6672995021546628e-17,
  0.652544448725766, -4.5598735935930497e-17, 0.7577504486552193, -1.878215121154204e-18,
  0.6584443999105676, -3.7736386700306717e-17, 0.7526293724180665, -1.2970993013150526e-17,
  0.6643041630429463, 1.5784492324431575e-17, 0.7474623595632162, 5.6627515613726676e-18,
  0.6701233804731629, 6.18353672557496e-18, 0.7422497254585013, -1.2339303604869521e-17,
  0.6759016970261789, -5.119389624609889e-17, 0.7369917882562408, -4.631213290368497e-17,
  0.6816387600233341, 4.410467313197903e-17, 0.7316888688738209, -1.0475824306512768e-17,
  0.6873342193038735, 2.8994333996809586e-17, 0.7263412909741086, -9.465899179857832e-18,
  0.692987727246318, -5.3543290798909455e-17, 0.7209493809456964, 3.494986701478816e-17,
  0.6985989387896817, 2.975439919188114e-17, 0.7155134678829815, 3.8181038992157035e-17,
  0.7041675114545337, -3.94095700584825e-17, 0.7100338835660797, 1.505272211891291e-17,
  0.7096931053638997, -9.468276958542117e-18, 0.7045109624405747, -4.451398614976226e-17,
  0.7151753832640076, -1.466099578328228e-17, 0.6989450415971057, -5.5261332036460915e-18,
  0.7206140105448711, 1.105694456137362e-17, 0.6933364607507934, 1.2822831674529969e-17,
  0.7260086552607126, -1.573621815339587e-17, 0.6876855622205048, 3.5430696752823923e-17,
  0.7313589881502236, 2.6553630314845697e-17, 0.6819926909079606, 2.8089333561212785e-17,
  0.7366646826566614, -4.639723374875429e-17, 0.6762581942766833, 3.497002399394248e-17,
  0.7419254149477796, 2.907482756987512e-18, 0.6704824223307908, 5.425808997571648e-17,
  0.7471408639355942, 2.937498788028212e-17, 0.6646657275936333, -5.2874573286772266e-17,
  0.7523107112959804, -4.07866182575664e-17, 0.6588084650862769, 1.7760805237087262e-17,
]);

const LOG_LN2HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LOG_LN2LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
/** `__log_data.poly`: log1p(r) - r ~ r^2 * (A0 + r A1 + ...), |r| < 1/256. */
const LOG_A0 = -0.5000000000000001;
const LOG_A1 = 0.33333333331825593;
const LOG_A2 = -0.2499999999622955;
const LOG_A3 = 0.20000304511814496;
const LOG_A4 = -0.16667054827627667;
/** `__log_data.poly1`: log1p(r) for |r| < 1/16, B0 = -0.5. */
const LOG_B = new Float64Array([
  -0.5, 0.3333333333333352, -0.24999999999998432, 0.19999999999320328, -0.16666666669929706,
  0.14285715076560868, -0.12499997863982555, 0.11110712032936046, -0.10000486757818193,
  0.09181994006195467, -0.08328363062289341,
]);

const HI = LO ^ 1;
const TWO_POW_52 = 4503599627370496;

/** glibc's double `log` (`__log_fma`), bit-exact. */
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
  const r = fma64(z, invc, -1.0); // the __FP_FAST_FMA branch
  const w = k * LOG_LN2HI + logc; // exact by construction of the table
  const h = w + r;
  const l = fma64(k, LOG_LN2LO, w - h + r);
  const r2 = r * r;
  const q = fma64(r2, fma64(r, LOG_A4, LOG_A3), fma64(r, LOG_A2, LOG_A1));
  return fma64(r * r2, q, fma64(r2, LOG_A0, l)) + h;
}

/** e_log.c's branch for inputs close to 1. */
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

const S1 = -0.16666666666666666; // -0x1.5555555555555p-3
const S2 = 0.0083333333333323288; // 0x1.1111111110ECEp-7
const S3 = -0.00019841269834414642; // -0x1.A01A019DB08B8p-13
const S4 = 2.755729806860771e-6; // 0x1.71DE27B9A7ED9p-19
const S5 = -2.5022014848318398e-8; // -0x1.ADDFFC2FCDF59p-26
const BIG = 52776558133248; // 0x1.8p45: adding it rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966; // pi/2 high
const HP1 = 6.123233995736766e-17; // pi/2 low
const MP1 = 1.5707963407039642; // 0x1.921FB58000000p0
const MP2 = -1.3909067564377153e-8; // -0x1.DDE973C000000p-27
const PP3 = -4.9789962314799099e-17; // -0x1.CB3B398000000p-55
const PP4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
const HPINV = 0.63661977236758138; // 2/pi
const TOINT = 6755399441055744; // 0x1.8p52
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;

/** Table row (times 4) for `BIG + |x|`: its low word is round(|x| * 128). */
function sincosRow(u: number): number {
  F64[0] = u;
  return U32[LO] << 2;
}

/** s_sin.c `TAYLOR_SIN`: sin(a + da) for |a| < 0.126. */
function taylorSin(xx: number, a: number, da: number): number {
  let p = fma64(S5, xx, S4);
  p = fma64(p, xx, S3);
  p = fma64(p, xx, S2);
  p = fma64(p, xx, S1);
  const t = fma64(fma64(p, a, -(0.5 * da)), xx, da);
  return a + t;
}

/** s_sin.c `do_cos`: cos(x + dx) from the table row nearest |x|. */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const u = BIG + Math.abs(x);
  x = Math.abs(x) - (u - BIG) + dx;
  const xx = x * x;
  const s = fma64(x * xx, fma64(xx, SN5, SN3), x);
  const c = xx * fma64(xx, fma64(xx, CS6, CS4), CS2);
  const k = sincosRow(u);
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  let cor = fma64(-s, ssn, ccs);
  cor = fma64(-cs, c, cor);
  cor = fma64(-sn, s, cor);
  return cs + cor;
}

/** s_sin.c `do_sin`: sin(x + dx). */
function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx);
  if (x <= 0) dx = -dx;
  const u = BIG + Math.abs(x);
  x = Math.abs(x) - (u - BIG);
  const xx = x * x;
  const s = x + fma64(x * xx, fma64(xx, SN5, SN3), dx);
  const c = fma64(x, dx, xx * fma64(xx, fma64(xx, CS6, CS4), CS2));
  const k = sincosRow(u);
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  let cor = fma64(s, SINCOS_TAB[k + 3], ssn);
  cor = fma64(-sn, c, cor);
  cor = fma64(cs, s, cor);
  return copysign(sn + cor, xold);
}

function copysign(magnitude: number, sign: number): number {
  const m = Math.abs(magnitude);
  return sign < 0 || Object.is(sign, -0) ? -m : m;
}

/** Output of `reduceSincos`: x - n*pi/2 = A + DA. */
let REDUCED_A = 0;
let REDUCED_DA = 0;

/** s_sin.c `reduce_sincos` for |x| < 105414350: returns n mod 4, leaves x - n*pi/2 in REDUCED_A/DA. */
function reduceSincos(x: number): number {
  const t = fma64(x, HPINV, TOINT);
  const xn = t - TOINT;
  F64[0] = t;
  const n = U32[LO] & 3;
  const y = x - xn * MP1 - xn * MP2; // both products are exact
  const t1 = xn * PP3; // exact
  const t2 = y - t1;
  let db = y - t2 - t1;
  const b = fma64(-xn, PP4, t2);
  db += fma64(-xn, PP4, t2 - b);
  REDUCED_A = b;
  REDUCED_DA = db;
  return n;
}

function doSincos(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

/**
 * glibc's `sincos` (s_sincos.c): writes sin(x) to out[0] and cos(x) to out[1]. GCC turns torch's
 * `sin(theta)`/`cos(theta)` pairs into one `sincos` call; its results equal separate `sin` and `cos`.
 * Arguments beyond 105414350 (never produced by the Box-Muller paths) fall back to Math.sin/cos.
 */
export function libmSincos(x: number, out: Float64Array): void {
  F64[0] = x;
  const k = U32[HI] & 0x7fffffff;
  if (k < 0x400368fd) {
    if (k < 0x3e400000) {
      out[0] = x; // |x| < 2^-27
      out[1] = 1.0;
    } else if (k < 0x3feb6000) {
      out[0] = doSin(x, 0); // |x| < 0.855469
      out[1] = doCos(x, 0);
    } else {
      const y = HP0 - Math.abs(x); // |x| < 2.426265: reduce against pi/2 in double-double
      const a = y + HP1;
      const da = y - a + HP1;
      out[0] = copysign(doCos(y, HP1), x);
      out[1] = doSin(a, da);
    }
  } else if (k < 0x419921fb) {
    const n = reduceSincos(x);
    out[0] = doSincos(REDUCED_A, REDUCED_DA, n);
    out[1] = doSincos(REDUCED_A, REDUCED_DA, n + 1);
  } else {
    out[0] = Math.sin(x);
    out[1] = Math.cos(x);
  }
}

const SC_SCRATCH = new Float64Array(2);

/** glibc's double `sin` (see {@link libmSincos}). */
export function libmSin(x: number): number {
  libmSincos(x, SC_SCRATCH);
  return SC_SCRATCH[0];
}

/** glibc's double `cos` (see {@link libmSincos}). */
export function libmCos(x: number): number {
  libmSincos(x, SC_SCRATCH);
  return SC_SCRATCH[1];
}
