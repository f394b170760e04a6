/**
 * Double-precision `exp`, `log` and `erf` exactly as glibc 2.36 computes them on x86-64. PyTorch's
 * `trunc_normal_` calls `math.erf` (CPython -> the C library's `erf`) for the CDF bounds, and torch's
 * float64 `erfinv_` calls `erf`, `exp` and `log`; V8's `Math.exp`/`Math.log` differ from glibc's in the
 * last bit for about 10% / 7% of arguments, which would move the results.
 *
 * - `exp`: a port of Arm's optimized-routines (math/exp.c, math/exp_data.c; MIT, notice below), the
 *   algorithm and table glibc ships as e_exp.c. On a CPU with FMA and AVX2 glibc's ifunc picks the build
 *   compiled with `-mfma -mavx2` (`__exp_fma`), where GCC contracts every product whose only uses are
 *   additions; the port makes the same contractions.
 * - `log`: `@poise/tensor`'s `rng.libmLog` (the same optimized-routines `log` with `__log_fma`'s
 *   contractions, which torch's float64 Box-Muller needs too), re-exported here under libm's name.
 * - `erf`: a port of Sun's fdlibm `erf` (s_erf.c, with Naohiko Shimizu's 1997 re-association of the
 *   polynomials for pipelined processors, as glibc ships it; notice below), compiled without FMA; it calls
 *   the `exp` above.
 *
 * Checked against Debian 12's libm through a C harness on 4 million inputs of each (0 differences);
 * test/libm.test.ts checks 100,000 of each against values sampled through ctypes. Arguments outside the
 * ranges this package uses (|x| > 512 for `exp`) fall back to `Math.exp`.
 *
 * Notices of the code these ports derive from:
 *
 * exp (Arm optimized-routines):
 *
 *   MIT License
 *
 *   Copyright (c) 1999-2019, Arm Limited.
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
 *
 * erf (fdlibm):
 *
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 *   Developed at SunPro, a Sun Microsystems, Inc. business.
 *   Permission to use, copy, modify, and distribute this
 *   software is freely granted, provided that this notice
 *   is preserved.
 */
import { rng } from '@poise/tensor';

const { fma64 } = rng;

const F64 = new Float64Array(1);
const W = new Uint32Array(F64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = LO ^ 1;

// ---------------------------------------------------------------------------------------------------
// exp

const EXP_INVLN2N = 184.6649652337873; // 0x1.71547652b82fep0 * 128
const EXP_NEGLN2HIN = -0.005415212348111709; // -0x1.62e42fefa0000p-8
const EXP_NEGLN2LON = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const EXP_SHIFT = 6755399441055744; // 0x1.8p52
const EXP_C2 = 0.49999999999996786; // 0x1.ffffffffffdbdp-2
const EXP_C3 = 0.16666666666665886; // 0x1.555555555543cp-3
const EXP_C4 = 0.0416666808410674; // 0x1.55555cf172b91p-5
const EXP_C5 = 0.008333335853059549; // 0x1.1111167a4d017p-7
/** `__exp_data.tab` as hi/lo words: {tail, asuint64(2^(k/128)) - (k << 45)} for k = 0..127. */
const EXP_TAB = new Uint32Array([
  0x00000000, 0x00000000, 0x3ff00000, 0x00000000, 0x3c9b3b4f, 0x1a88bf6e, 0x3feff63d, 0xa9fb3335,
  0xbc716013, 0x9cd8dc5d, 0x3fefec9a, 0x3e778061, 0xbc905e7a, 0x108766d1, 0x3fefe315, 0xe86e7f85,
  0x3c8cd252, 0x3567f613, 0x3fefd9b0, 0xd3158574, 0xbc8bce80, 0x23f98efa, 0x3fefd06b, 0x29ddf6de,
  0x3c60f74e, 0x61e6c861, 0x3fefc745, 0x18759bc8, 0x3c90a3e4, 0x5b33d399, 0x3fefbe3e, 0xcac6f383,
  0x3c979aa6, 0x5d837b6d, 0x3fefb558, 0x6cf9890f, 0x3c8eb51a, 0x92fdeffc, 0x3fefac92, 0x2b7247f7,
  0x3c3ebe3d, 0x702f9cd1, 0x3fefa3ec, 0x32d3d1a2, 0xbc6a0334, 0x89906e0b, 0x3fef9b66, 0xaffed31b,
  0xbc955652, 0x2a2fbd0e, 0x3fef9301, 0xd0125b51, 0xbc5080ef, 0x8c4eea55, 0x3fef8abd, 0xc06c31cc,
  0xbc91c923, 0xb9d5f416, 0x3fef829a, 0xaea92de0, 0x3c80d3e3, 0xe95c55af, 0x3fef7a98, 0xc8a58e51,
  0xbc801b15, 0xeaa59348, 0x3fef72b8, 0x3c7d517b, 0xbc8f1ff0, 0x55de323d, 0x3fef6af9, 0x388c8dea,
  0x3c8b898c, 0x3f1353bf, 0x3fef635b, 0xeb6fcb75, 0xbc96d99c, 0x7611eb26, 0x3fef5be0, 0x84045cd4,
  0x3c9aecf7, 0x3e3a2f60, 0x3fef5487, 0x3168b9aa, 0xbc8fe782, 0xcb86389d, 0x3fef4d50, 0x22fcd91d,
  0x3c8a6f41, 0x44a6c38d, 0x3fef463b, 0x88628cd6, 0x3c807a05, 0xb0e4047d, 0x3fef3f49, 0x917ddc96,
  0x3c968efd, 0xe3a8a894, 0x3fef387a, 0x6e756238, 0x3c875e18, 0xf274487d, 0x3fef31ce, 0x4fb2a63f,
  0x3c80472b, 0x981fe7f2, 0x3fef2b45, 0x65e27cdd, 0xbc96b87b, 0x3f71085e, 0x3fef24df, 0xe1f56381,
  0x3c82f7e1, 0x6d09ab31, 0x3fef1e9d, 0xf51fdee1, 0xbc3d219b, 0x1a6fbffa, 0x3fef187f, 0xd0dad990,
  0x3c8b3782, 0x720c0ab4, 0x3fef1285, 0xa6e4030b, 0x3c6e1492, 0x89cecb8f, 0x3fef0caf, 0xa93e2f56,
  0x3c834d75, 0x4db0abb6, 0x3fef06fe, 0x0a31b715, 0x3c864201, 0xe2ac744c, 0x3fef0170, 0xfc4cd831,
  0x3c8fdd39, 0x5dd3f84a, 0x3feefc08, 0xb26416ff, 0xbc86a380, 0x3b8e5b04, 0x3feef6c5, 0x5f929ff1,
  0xbc924aed, 0xcc4b5068, 0x3feef1a7, 0x373aa9cb, 0xbc9907f8, 0x1b512d8e, 0x3feeecae, 0x6d05d866,
  0xbc71d1e8, 0x3e9436d2, 0x3feee7db, 0x34e59ff7, 0xbc991919, 0xb3ce1b15, 0x3feee32d, 0xc313a8e5,
  0x3c859f48, 0xa72a4c6d, 0x3feedea6, 0x4c123422, 0xbc931260, 0x7a28698a, 0x3feeda45, 0x04ac801c,
  0xbc58a78f, 0x4817895b, 0x3feed60a, 0x21f72e2a, 0xbc7c2c9b, 0x67499a1b, 0x3feed1f5, 0xd950a897,
  0x3c4363ed, 0x60c2ac11, 0x3feece08, 0x6061892d, 0x3c966609, 0x3b0664ef, 0x3feeca41, 0xed1d0057,
  0x3c6ecce1, 0xdaa10379, 0x3feec6a2, 0xb5c13cd0, 0x3c93ff8e, 0x3f0f1230, 0x3feec32a, 0xf0d7d3de,
  0x3c7690ce, 0xbb7aafb0, 0x3feebfda, 0xd5362a27, 0x3c931dbd, 0xeb54e077, 0x3feebcb2, 0x99fddd0d,
  0xbc8f9434, 0x0071a38e, 0x3feeb9b2, 0x769d2ca7, 0xbc87decc, 0xdc93a349, 0x3feeb6da, 0xa2cf6642,
  0xbc78dec6, 0xbd0f385f, 0x3feeb42b, 0x569d4f82, 0xbc861246, 0xec7b5cf6, 0x3feeb1a4, 0xca5d920f,
  0x3c933505, 0x18fdd78e, 0x3feeaf47, 0x36b527da, 0x3c7b98b7, 0x2f8a9b05, 0x3feead12, 0xd497c7fd,
  0x3c9063e1, 0xe21c5409, 0x3feeab07, 0xdd485429, 0x3c34c785, 0x5019c6ea, 0x3feea926, 0x8a5946b7,
  0x3c9432e6, 0x2b64c035, 0x3feea76f, 0x15ad2148, 0xbc8ce44a, 0x6199769f, 0x3feea5e1, 0xb976dc09,
  0xbc8c33c5, 0x3bef4da8, 0x3feea47e, 0xb03a5585, 0xbc845378, 0x892be9ae, 0x3feea346, 0x34ccc320,
  0xbc93cedd, 0x78565858, 0x3feea238, 0x82552225, 0x3c5710aa, 0x807e1964, 0x3feea155, 0xd44ca973,
  0xbc93b3ef, 0xbf5e2228, 0x3feea09e, 0x667f3bcd, 0xbc6a12ad, 0x8734b982, 0x3feea012, 0x750bdabf,
  0xbc6367ef, 0xb86da9ee, 0x3fee9fb2, 0x3c651a2f, 0xbc80dc3d, 0x54e08851, 0x3fee9f7d, 0xf9519484,
  0xbc781f64, 0x7e5a3ecf, 0x3fee9f75, 0xe8ec5f74, 0xbc86ee4a, 0xc08b7db0, 0x3fee9f9a, 0x48a58174,
  0xbc861932, 0x1e55e68a, 0x3fee9feb, 0x564267c9, 0x3c909ccb, 0x5e09d4d3, 0x3feea069, 0x4fde5d3f,
  0xbc7b32dc, 0xb94da51d, 0x3feea114, 0x73eb0187, 0x3c94ecfd, 0x5467c06b, 0x3feea1ed, 0x0130c132,
  0x3c65ebe1, 0xabd66c55, 0x3feea2f3, 0x36cf4e62, 0xbc88a1c5, 0x2fb3cf42, 0x3feea427, 0x543e1a12,
  0xbc9369b6, 0xf13b3734, 0x3feea589, 0x994cce13, 0xbc805e84, 0x3a19ff1e, 0x3feea71a, 0x4623c7ad,
  0xbc94d450, 0xd872576e, 0x3feea8d9, 0x9b4492ed, 0x3c90ad67, 0x5b0e8a00, 0x3feeaac7, 0xd98a6699,
  0x3c8db72f, 0xc1f0eab4, 0x3feeace5, 0x422aa0db, 0xbc65b660, 0x9cc5e7ff, 0x3feeaf32, 0x16b5448c,
  0x3c7bf683, 0x59f35f44, 0x3feeb1ae, 0x99157736, 0xbc93091f, 0xa71e3d83, 0x3feeb45b, 0x0b91ffc6,
  0xbc5da9b8, 0x8b6c1e29, 0x3feeb737, 0xb0cdc5e5, 0xbc6c23f9, 0x7c90b959, 0x3feeba44, 0xcbc8520f,
  0xbc924343, 0x22f4f9aa, 0x3feebd82, 0x9fde4e50, 0xbc85ca6c, 0xd7668e4b, 0x3feec0f1, 0x70ca07ba,
  0x3c71affc, 0x2b91ce27, 0x3feec491, 0x82a3f090, 0x3c6dd235, 0xe10a73bb, 0x3feec863, 0x19e32323,
  0xbc87c504, 0x22622263, 0x3feecc66, 0x7b5de565, 0x3c8b1c86, 0xe3e231d5, 0x3feed09b, 0xec4a2d33,
  0xbc91bbd1, 0xd3bcbb15, 0x3feed503, 0xb23e255d, 0x3c90cc31, 0x9cee31d2, 0x3feed99e, 0x1330b358,
  0x3c846984, 0x6e735ab3, 0x3feede6b, 0x5579fdbf, 0xbc82dfcd, 0x978e9db4, 0x3feee36b, 0xbfd3f37a,
  0x3c8c1a77, 0x92cb3387, 0x3feee89f, 0x995ad3ad, 0xbc907b8f, 0x4ad1d9fa, 0x3feeee07, 0x298db666,
  0xbc55c3d9, 0x56dcaeba, 0x3feef3a2, 0xb84f15fb, 0xbc90a40e, 0x3da6f640, 0x3feef972, 0x8de5593a,
  0xbc68d6f4, 0x38ad9334, 0x3feeff76, 0xf2fb5e47, 0xbc91eee2, 0x6b588a35, 0x3fef05b0, 0x30a1064a,
  0x3c74ffd7, 0x0a5fddcd, 0x3fef0c1e, 0x904bc1d2, 0xbc91bdfb, 0xfa9298ac, 0x3fef12c2, 0x5bd71e09,
  0x3c736eae, 0x30af0cb3, 0x3fef199b, 0xdd85529c, 0x3c8ee332, 0x5c9ffd94, 0x3fef20ab, 0x5fffd07a,
  0x3c84e08f, 0xd10959ac, 0x3fef27f1, 0x2e57d14b, 0x3c63cdaf, 0x384e1a67, 0x3fef2f6d, 0x9406e7b5,
  0x3c676b2c, 0x6c921968, 0x3fef3720, 0xdcef9069, 0xbc808a18, 0x83ccb5d2, 0x3fef3f0b, 0x555dc3fa,
  0xbc8fad5d, 0x3ffffa6f, 0x3fef472d, 0x4a07897c, 0xbc900dae, 0x3875a949, 0x3fef4f87, 0x080d89f2,
  0x3c74a385, 0xa63d07a7, 0x3fef5818, 0xdcfba487, 0xbc82919e, 0x2040220f, 0x3fef60e3, 0x16c98398,
  0x3c8e5a50, 0xd5c192ac, 0x3fef69e6, 0x03db3285, 0x3c843a59, 0xac016b4b, 0x3fef7321, 0xf301b460,
  0xbc82d521, 0x07b43e1f, 0x3fef7c97, 0x337b9b5f, 0xbc892ab9, 0x3b470dc9, 0x3fef8646, 0x14f5a129,
  0x3c74b604, 0x603a88d3, 0x3fef902e, 0xe78b3ff6, 0x3c83c5ec, 0x519d7271, 0x3fef9a51, 0xfbc74c83,
  0xbc8ff712, 0x8fd391f0, 0x3fefa4af, 0xa2a490da, 0xbc8dae98, 0xe223747d, 0x3fefaf48, 0x2d8e67f1,
  0x3c8ec3bc, 0x41aa2008, 0x3fefba1b, 0xee615a27, 0x3c842b94, 0xc3a9eb32, 0x3fefc52b, 0x376bba97,
  0x3c8a64a9, 0x31d185ee, 0x3fefd076, 0x5b6e4540, 0xbc8e37ba, 0xe43be3ed, 0x3fefdbfd, 0xad9cbe14,
  0x3c77893b, 0x4d91cd9d, 0x3fefe7c1, 0x819e90d8, 0x3c5305c1, 0x4160cc89, 0x3feff3c2, 0x2b8f71f1,
]);

/** glibc's double `exp` (`__exp_fma`), bit for bit for |x| <= 512. */
export function exp(x: number): number {
  F64[0] = x;
  const abstop = (W[HI] >>> 20) & 0x7ff;
  if (((abstop - 0x3c9) >>> 0) >= 0x408 - 0x3c9) {
    if (abstop < 0x3c9) return 1.0 + x; // |x| < 2^-54
    return Math.exp(x); // |x| >= 512, inf or NaN: never reached by this package
  }
  // exp(x) = 2^(k/N) * exp(r), x = ln2/N * k + r with |r| <= ln2/2N; z = InvLn2N * x is fused into kd.
  const kdShifted = fma64(EXP_INVLN2N, x, EXP_SHIFT);
  F64[0] = kdShifted;
  const kiLo = W[LO];
  const kd = kdShifted - EXP_SHIFT;
  const r = fma64(kd, EXP_NEGLN2LON, fma64(kd, EXP_NEGLN2HIN, x));
  const idx = 2 * (kiLo & 127);
  W[HI] = EXP_TAB[2 * idx];
  W[LO] = EXP_TAB[2 * idx + 1];
  const tail = F64[0];
  W[HI] = (EXP_TAB[2 * idx + 2] + (kiLo << 13)) >>> 0; // sbits = T[idx + 1] + (ki << 45)
  W[LO] = EXP_TAB[2 * idx + 3];
  const scale = F64[0];
  const r2 = r * r;
  const tmp = fma64(r2 * r2, fma64(r, EXP_C5, EXP_C4), fma64(r2, fma64(r, EXP_C3, EXP_C2), tail + r));
  return fma64(scale, tmp, scale);
}

// ---------------------------------------------------------------------------------------------------
// log

/** glibc's double `log` (`__log_fma`), bit for bit: `@poise/tensor`'s port (`rng.libmLog`). */
export const log: (x: number) => number = rng.libmLog;

// ---------------------------------------------------------------------------------------------------
// erf (s_erf.c)

const ERX = 8.45062911510467529297e-01;
const EFX = 1.28379167095512586316e-01;
const PP0 = 1.28379167095512558561e-01, PP1 = -3.25042107247001499370e-01, PP2 = -2.84817495755985104766e-02;
const PP3 = -5.77027029648944159157e-03, PP4 = -2.37630166566501626084e-05;
const QQ1 = 3.97917223959155352819e-01, QQ2 = 6.50222499887672944485e-02, QQ3 = 5.08130628187576562776e-03;
const QQ4 = 1.32494738004321644526e-04, QQ5 = -3.96022827877536812320e-06;
const PA0 = -2.36211856075265944077e-03, PA1 = 4.14856118683748331666e-01, PA2 = -3.72207876035701323847e-01;
const PA3 = 3.18346619901161753674e-01, PA4 = -1.10894694282396677476e-01, PA5 = 3.54783043256182359371e-02;
const PA6 = -2.16637559486879084300e-03;
const QA1 = 1.06420880400844228286e-01, QA2 = 5.40397917702171048937e-01, QA3 = 7.18286544141962662868e-02;
const QA4 = 1.26171219808761642112e-01, QA5 = 1.36370839120290507362e-02, QA6 = 1.19844998467991074170e-02;
const RA0 = -9.86494403484714822705e-03, RA1 = -6.93858572707181764372e-01, RA2 = -1.05586262253232909814e+01;
const RA3 = -6.23753324503260060396e+01, RA4 = -1.62396669462573470355e+02, RA5 = -1.84605092906711035994e+02;
const RA6 = -8.12874355063065934246e+01, RA7 = -9.81432934416914548592e+00;
const SA1 = 1.96512716674392571292e+01, SA2 = 1.37657754143519042600e+02, SA3 = 4.34565877475229228821e+02;
const SA4 = 6.45387271733267880336e+02, SA5 = 4.29008140027567833386e+02, SA6 = 1.08635005541779435134e+02;
const SA7 = 6.57024977031928170135e+00, SA8 = -6.04244152148580987438e-02;
const RB0 = -9.86494292470009928597e-03, RB1 = -7.99283237680523006574e-01, RB2 = -1.77579549177547519889e+01;
const RB3 = -1.60636384855821916062e+02, RB4 = -6.37566443368389627722e+02, RB5 = -1.02509513161107724954e+03;
const RB6 = -4.83519191608651397019e+02;
const SB1 = 3.03380607434824582924e+01, SB2 = 3.25792512996573918826e+02, SB3 = 1.53672958608443695994e+03;
const SB4 = 3.19985821950859553908e+03, SB5 = 2.55305040643316442583e+03, SB6 = 4.74528541206955367215e+02;
const SB7 = -2.24409524465858183362e+01;
const TINY = 1e-300;

/** glibc's double `erf`, bit for bit. */
export function erf(x: number): number {
  F64[0] = x;
  const hx = W[HI] | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    const i = (hx >>> 31) << 1;
    return 1 - i + 1 / x; // erf(nan) = nan, erf(+-inf) = +-1
  }
  if (ix < 0x3feb0000) {
    // |x| < 0.84375
    if (ix < 0x3e300000) {
      // |x| < 2^-28
      if (ix < 0x00800000) return 0.0625 * (16.0 * x + 16.0 * EFX * x);
      return x + EFX * x;
    }
    const z = x * x;
    const r1 = PP0 + z * PP1;
    const z2 = z * z;
    const r2 = PP2 + z * PP3;
    const z4 = z2 * z2;
    const s1 = 1 + z * QQ1;
    const s2 = QQ2 + z * QQ3;
    const s3 = QQ4 + z * QQ5;
    const r = r1 + z2 * r2 + z4 * PP4;
    const s = s1 + z2 * s2 + z4 * s3;
    const y = r / s;
    return x + x * y;
  }
  if (ix < 0x3ff40000) {
    // 0.84375 <= |x| < 1.25
    const s = Math.abs(x) - 1;
    const P1 = PA0 + s * PA1;
    const s2 = s * s;
    const Q1 = 1 + s * QA1;
    const s4 = s2 * s2;
    const P2 = PA2 + s * PA3;
    const s6 = s4 * s2;
    const Q2 = QA2 + s * QA3;
    const P3 = PA4 + s * PA5;
    const Q3 = QA4 + s * QA5;
    const P = P1 + s2 * P2 + s4 * P3 + s6 * PA6;
    const Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * QA6;
    return hx >= 0 ? ERX + P / Q : -ERX - P / Q;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 - TINY : TINY - 1; // |x| >= 6
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ix < 0x4006db6e) {
    // |x| < 1/0.35
    const R1 = RA0 + s * RA1;
    const s2 = s * s;
    const S1 = 1 + s * SA1;
    const s4 = s2 * s2;
    const R2 = RA2 + s * RA3;
    const s6 = s4 * s2;
    const S2 = SA2 + s * SA3;
    const s8 = s4 * s4;
    const R3 = RA4 + s * RA5;
    const S3 = SA4 + s * SA5;
    const R4 = RA6 + s * RA7;
    const S4 = SA6 + s * SA7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * SA8;
  } else {
    // |x| >= 1/0.35
    const R1 = RB0 + s * RB1;
    const s2 = s * s;
    const S1 = 1 + s * SB1;
    const s4 = s2 * s2;
    const R2 = RB2 + s * RB3;
    const s6 = s4 * s2;
    const S2 = SB2 + s * SB3;
    const R3 = RB4 + s * RB5;
    const S3 = SB4 + s * SB5;
    const S4 = SB6 + s * SB7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * RB6;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  F64[0] = ax;
  W[LO] = 0; // z = ax with its low word cleared
  const z = F64[0];
  const r = exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}
