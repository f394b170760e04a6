/**
 * PyTorch 1.13's CPU random kernels over typed arrays, bit-exact for float32 (see shared/torch-rng.md).
 * Each function consumes generator draws in exactly torch's order, so interleaving them on one
 * {@link Generator} reproduces a torch program that calls the same ops on one `torch.Generator`.
 *
 * Sources: ATen/native/cpu/DistributionTemplates.h (uniform, normal, random_from_to kernels),
 * ATen/core/DistributionsHelper.h and TransformationHelper.h (the per-element transforms),
 * ATen/native/cpu/MultinomialKernel.cpp and ATen/native/Distributions.cpp (multinomial),
 * ATen/native/TensorFactories.cpp (randperm).
 */
import { fma32, fma64, libmLog, libmSincos, logAvxArray, sincosAvxArray } from './fma32';
import { Generator, getDefaultGenerator } from './generator';

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;
/** `_mm256_set1_ps(2.0f * c10::pi<double>)`: 2*pi rounded to float32. */
const TWO_PI_F32 = Math.fround(2 * Math.PI);
/** `2.0f * c10::pi<double>` evaluated in double, as `normal_fill_16<double>` does. */
const TWO_PI_F64 = 2 * Math.PI;

/** sin/cos scratch for `libmSincos`, so the hot loop never allocates. */
const SINCOS = new Float64Array(2);

type FloatArray = Float32Array | Float64Array;

function isFloat32(out: FloatArray): out is Float32Array {
  return out instanceof Float32Array;
}

function checkFinite(fn: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${String(value)}`);
  }
}

// ----------------------------------------------------------------------------------------------------
// uniform_

/**
 * `tensor.uniform_(from, to)` / `torch.rand` (`uniform_kernel`, DistributionTemplates.h): one value per
 * element in memory order. float32 uses one draw per element (`(u & 0xffffff) * 2^-24`), float64 two
 * (`random64() & (2^53 - 1)) * 2^-53`), then `x * (to - from) + from` in the element type, with `from`
 * and `to` first cast to it. GCC contracts that last line (`uniform_real`, TransformationHelper.h) into
 * one FMA in the AVX2 kernel build; the fixtures for (-0.5, 2.7), (3, 7.5) and (-1e-3, 1e-3) confirm it
 * for both dtypes.
 */
export function fillUniform(out: FloatArray, gen: Generator = getDefaultGenerator(), from = 0, to = 1): FloatArray {
  checkFinite('fillUniform', 'from', from);
  checkFinite('fillUniform', 'to', to);
  if (!(from <= to)) {
    throw new RangeError(`fillUniform: expects from <= to to return a [from, to) range, got from=${from} > to=${to}`);
  }
  const engine = gen.engine;
  const n = out.length;
  if (isFloat32(out)) {
    const lo = Math.fround(from);
    const span = Math.fround(Math.fround(to) - lo);
    if (lo === 0 && span === 1) {
      for (let i = 0; i < n; i++) out[i] = (engine.nextU32() & 0xffffff) * TWO_POW_M24;
    } else {
      for (let i = 0; i < n; i++) out[i] = uniform32Affine((engine.nextU32() & 0xffffff) * TWO_POW_M24, span, lo);
    }
  } else {
    const span = to - from;
    for (let i = 0; i < n; i++) {
      const hi = engine.nextU32();
      const low = engine.nextU32();
      out[i] = fma64(((hi & 0x1fffff) * TWO_POW_32 + low) * TWO_POW_M53, span, from);
    }
  }
  return out;
}

/** `x * (to - from) + from` in float32 with one rounding, as the contracted kernel computes it. */
function uniform32Affine(x: number, span: number, lo: number): number {
  return fma32(x, span, lo);
}

// ----------------------------------------------------------------------------------------------------
// normal_

/**
 * `tensor.normal_(mean, std)` / `torch.randn` (`normal_kernel`, DistributionTemplates.h):
 *
 * - numel >= 16, float32: `normal_fill_AVX2` — all uniforms first, Box-Muller over whole chunks of 16
 *   with avx_mathfun's logf/sincosf, then, if numel % 16 != 0, 16 fresh uniforms for the last 16 slots
 *   and one more chunk over them. Bit-exact with x86-64 AVX2 builds of torch.
 * - numel >= 16, float64: the scalar `normal_fill<double>` with the same chunk structure and libm.
 * - numel < 16: one `normal_distribution<double>` value per element (with the generator's Box-Muller
 *   cache), cast to the element type.
 *
 * In both double paths torch's `value * std + mean` is contracted into an FMA (fixtures with mean 0.3,
 * std 1.7 fail without it); with the default mean 0 and std 1 the FMA is exact anyway.
 */
export function fillNormal(out: FloatArray, gen: Generator = getDefaultGenerator(), mean = 0, std = 1): FloatArray {
  checkFinite('fillNormal', 'mean', mean);
  checkFinite('fillNormal', 'std', std);
  if (!(std >= 0)) throw new RangeError(`fillNormal: std must be >= 0, got ${std}`);
  const n = out.length;
  if (n >= 16) {
    if (isFloat32(out)) normalFillAvx2(out, gen, Math.fround(mean), Math.fround(std));
    else normalFill64(out, gen, mean, std);
  } else {
    for (let i = 0; i < n; i++) out[i] = fma64(gen.normalDouble(), std, mean);
  }
  return out;
}

/** `normal_fill_AVX2` (DistributionTemplates.h). */
function normalFillAvx2(data: Float32Array, gen: Generator, mean: number, std: number): void {
  const engine = gen.engine;
  const n = data.length;
  for (let i = 0; i < n; i++) data[i] = (engine.nextU32() & 0xffffff) * TWO_POW_M24;
  for (let i = 0; i + 16 <= n; i += 16) boxMuller16Avx2(data, i, mean, std);
  if (n % 16 !== 0) {
    const off = n - 16;
    for (let k = 0; k < 16; k++) data[off + k] = (engine.nextU32() & 0xffffff) * TWO_POW_M24;
    boxMuller16Avx2(data, off, mean, std);
  }
}

/** Per-chunk scratch: the 8 radius inputs u1, the 8 angles, log(u1), and the sin/cos pairs. */
const U1_8 = new Float64Array(8);
const THETA_8 = new Float64Array(8);
const LOG_8 = new Float64Array(8);
const SINCOS_8 = new Float64Array(16);

/**
 * `normal_fill_16_AVX2`: lane j pairs u1 = 1 - d[j] (radius) with u2 = d[j + 8] (angle) and writes
 * `fmadd(radius*cos, std, mean)` to d[j] and the sine twin to d[j + 8].
 */
function boxMuller16Avx2(d: Float32Array, off: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    U1_8[j] = 1 - d[off + j]; // exact in float32: u is a multiple of 2^-24 in [0, 1)
    THETA_8[j] = Math.fround(TWO_PI_F32 * d[off + j + 8]);
  }
  logAvxArray(U1_8, LOG_8, 8);
  sincosAvxArray(THETA_8, SINCOS_8, 8);
  const plain = std === 1 && mean === 0;
  for (let j = 0; j < 8; j++) {
    const radius = Math.fround(Math.sqrt(-2 * LOG_8[j])); // -2*log is exact; sqrt rounds once
    const n1 = Math.fround(radius * SINCOS_8[2 * j + 1]);
    const n2 = Math.fround(radius * SINCOS_8[2 * j]);
    // fmadd(n, 1, 0) = n + 0, which only turns -0 into +0.
    d[off + j] = plain ? n1 + 0 : fma32(n1, std, mean);
    d[off + j + 8] = plain ? n2 + 0 : fma32(n2, std, mean);
  }
}

/** `normal_fill<double>` (DistributionTemplates.h): the scalar chunked Box-Muller with libm. */
function normalFill64(data: Float64Array, gen: Generator, mean: number, std: number): void {
  const engine = gen.engine;
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const hi = engine.nextU32();
    const lo = engine.nextU32();
    data[i] = ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
  }
  for (let i = 0; i + 16 <= n; i += 16) boxMuller16F64(data, i, mean, std);
  if (n % 16 !== 0) {
    const off = n - 16;
    for (let k = 0; k < 16; k++) {
      const hi = engine.nextU32();
      const lo = engine.nextU32();
      data[off + k] = ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
    }
    boxMuller16F64(data, off, mean, std);
  }
}

/** `normal_fill_16<double>`, with glibc's sincos (GCC merges the sin/cos pair) and the contracted affine. */
function boxMuller16F64(d: Float64Array, off: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - d[off + j];
    const u2 = d[off + j + 8];
    const radius = Math.sqrt(-2 * libmLog(u1));
    libmSincos(TWO_PI_F64 * u2, SINCOS);
    d[off + j] = fma64(radius * SINCOS[1], std, mean);
    d[off + j + 8] = fma64(radius * SINCOS[0], std, mean);
  }
}

// ----------------------------------------------------------------------------------------------------
// randint

/**
 * `torch.randint(low, high, ...)` = `random_(low, high)` (`random_from_to_kernel`): per element,
 * `(v % range) + low` with plain modulo (torch keeps the modulo bias). `v` is one 32-bit draw, or
 * `random64()` (two draws, first = high word) when `range >= 2^32` and the output is int64/float/double;
 * an int32 output always uses one draw.
 */
export function fillRandint<T extends Int32Array | Float32Array | Float64Array>(
  out: T,
  low: number,
  high: number,
  gen: Generator = getDefaultGenerator(),
): T {
  checkRandintBounds(out, low, high);
  const range = high - low;
  const engine = gen.engine;
  const n = out.length;
  if (range < TWO_POW_32 || out instanceof Int32Array) {
    for (let i = 0; i < n; i++) out[i] = (engine.nextU32() % range) + low;
  } else {
    for (let i = 0; i < n; i++) {
      const hi = engine.nextU32();
      const lo = engine.nextU32();
      out[i] = mod64(hi, lo, range) + low;
    }
  }
  return out;
}

function checkRandintBounds(out: Int32Array | Float32Array | Float64Array, low: number, high: number): void {
  for (const [name, v] of [['low', low], ['high', high]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new RangeError(`fillRandint: ${name} must be an integer, got ${String(v)}`);
    }
  }
  if (!(low < high)) {
    throw new RangeError(`fillRandint: expects low < high, got low=${low} >= high=${high}`);
  }
  // The largest magnitude the element type holds exactly (torch checks `from` and `to - 1` likewise).
  const [lo, hi, type] =
    out instanceof Int32Array
      ? [-2147483648, 2147483647, 'int32']
      : out instanceof Float32Array
        ? [-16777216, 16777216, 'float32']
        : [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'float64'];
  if (low < lo || high - 1 > hi) {
    throw new RangeError(`fillRandint: [low, high) = [${low}, ${high}) does not fit exactly in ${type}`);
  }
  if (!Number.isSafeInteger(high - low)) {
    throw new RangeError(`fillRandint: high - low = ${high - low} exceeds 2^53 - 1`);
  }
}

/**
 * `(hi * 2^32 + lo) mod m` exactly, for 2^32 <= m <= 2^53, without BigInt: hi < m, so shift it left one
 * bit at a time modulo m (every intermediate stays below 2^53), then add lo modulo m.
 */
function mod64(hi: number, lo: number, m: number): number {
  let a = hi;
  for (let k = 0; k < 32; k++) a = a >= m - a ? a - (m - a) : a + a;
  return a >= m - lo ? a - (m - lo) : a + lo;
}

// ----------------------------------------------------------------------------------------------------
// multinomial

/**
 * `torch.multinomial(probs, numSamples, replacement)` in torch 1.13, for a 1-D (`rows = 1`) or 2-D
 * row-major `[rows, cols]` weight matrix. Returns `rows * numSamples` category indices, row-major.
 *
 * - With replacement (any numSamples, including 1): per row, the running sum of the weights in the
 *   element type, each divided by the total, the last forced to 1; then per sample one float64 uniform
 *   (two draws) and a binary search for the first cumulative value >= u (MultinomialKernel.cpp).
 * - Without replacement: `q = exponential_(1)` over all rows*cols elements in memory order (one float64
 *   uniform each, `q = -log(1 - u)` cast to the element type), `r = p / q`, then per row argmax
 *   (numSamples = 1) or the numSamples largest in descending order (Distributions.cpp). Equal keys (only
 *   possible for zero weights) are ordered by index here; torch's order among them is unspecified.
 *
 * Inputs are validated before any draw (torch validates row by row while sampling, so a bad later row
 * would have consumed draws there).
 */
export function multinomial(
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  replacement: boolean,
  gen: Generator = getDefaultGenerator(),
): Int32Array {
  checkMultinomialArgs(probs, rows, cols, numSamples, replacement);
  const result = new Int32Array(rows * numSamples);
  if (replacement) sampleWithReplacement(probs, rows, cols, numSamples, gen, result);
  else sampleWithoutReplacement(probs, rows, cols, numSamples, gen, result);
  return result;
}

function checkMultinomialArgs(
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  replacement: boolean,
): void {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(`multinomial: rows and cols must be positive integers, got rows=${rows}, cols=${cols}`);
  }
  if (cols > 1 << 24) throw new RangeError(`multinomial: number of categories cannot exceed 2^24, got ${cols}`);
  if (probs.length !== rows * cols) {
    throw new RangeError(`multinomial: probs has ${probs.length} elements, expected rows*cols = ${rows * cols}`);
  }
  if (!Number.isInteger(numSamples) || numSamples <= 0) {
    throw new RangeError(`multinomial: cannot sample numSamples <= 0 samples (got ${numSamples})`);
  }
  if (!replacement && numSamples > cols) {
    throw new RangeError(
      `multinomial: cannot sample numSamples=${numSamples} > ${cols} categories without replacement`,
    );
  }
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const p = probs[r * cols + c];
      if (Number.isNaN(p)) throw new RangeError(`multinomial: probability [${r}, ${c}] is NaN`);
      if (p === Infinity) throw new RangeError(`multinomial: probability [${r}, ${c}] is Infinity`);
      if (p < 0) throw new RangeError(`multinomial: probability [${r}, ${c}] is negative (${p})`);
      sum += p;
    }
    if (!(sum > 0)) throw new RangeError(`multinomial: row ${r} has sum of probabilities 0 (all zero)`);
  }
}

function sampleWithReplacement(
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  gen: Generator,
  result: Int32Array,
): void {
  const single = isFloat32(probs);
  const cum = single ? new Float32Array(cols) : new Float64Array(cols);
  const engine = gen.engine;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      sum = single ? Math.fround(sum + probs[base + c]) : sum + probs[base + c];
      cum[c] = sum;
    }
    for (let c = 0; c < cols; c++) cum[c] = cum[c] / sum; // the typed store rounds float32 division once
    cum[cols - 1] = 1;
    for (let s = 0; s < numSamples; s++) {
      const hi = engine.nextU32();
      const lo = engine.nextU32();
      const u = ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
      let left = 0;
      let right = cols;
      while (right > left) {
        const mid = left + ((right - left) >>> 1);
        if (cum[mid] < u) left = mid + 1;
        else right = mid;
      }
      result[r * numSamples + s] = left;
    }
  }
}

function sampleWithoutReplacement(
  probs: FloatArray,
  rows: number,
  cols: number,
  numSamples: number,
  gen: Generator,
  result: Int32Array,
): void {
  const n = rows * cols;
  const keys = isFloat32(probs) ? new Float32Array(n) : new Float64Array(n);
  const engine = gen.engine;
  // exponential_(1): `(scalar_t)(-1.0 * log(1 - u))` per element, in memory order (all rows first).
  for (let i = 0; i < n; i++) {
    const hi = engine.nextU32();
    const lo = engine.nextU32();
    const u = ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
    keys[i] = -1.0 * libmLog(1.0 - u);
  }
  // r = p / q in the element type (the typed store rounds the division once).
  for (let i = 0; i < n; i++) keys[i] = probs[i] / keys[i];
  const order = numSamples === 1 ? null : new Int32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    if (order === null) {
      result[r] = argmaxRow(keys, base, cols);
      continue;
    }
    for (let c = 0; c < cols; c++) order[c] = c;
    order.sort((a, b) => keys[base + b] - keys[base + a] || a - b);
    for (let s = 0; s < numSamples; s++) result[r * numSamples + s] = order[s];
  }
}

/** First index of the largest key (torch's argmax keeps the first of equal maxima). */
function argmaxRow(keys: FloatArray, base: number, cols: number): number {
  let best = 0;
  let bestValue = keys[base];
  for (let c = 1; c < cols; c++) {
    const v = keys[base + c];
    if (v > bestValue) {
      bestValue = v;
      best = c;
    }
  }
  return best;
}

// ----------------------------------------------------------------------------------------------------
// randperm

/**
 * `torch.randperm(n)` (`randperm_cpu`, TensorFactories.cpp): a forward Fisher-Yates over 0..n-1 with one
 * 32-bit draw per step and plain modulo: `swap(r[i], r[i + random() % (n - i)])` for i < n - 1.
 */
export function randperm(n: number, gen: Generator = getDefaultGenerator()): Int32Array {
  if (!Number.isInteger(n) || n < 0 || n > 2147483647) {
    throw new RangeError(`randperm: n must be an integer in [0, 2^31 - 1], got ${String(n)}`);
  }
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  const engine = gen.engine;
  for (let i = 0; i < n - 1; i++) {
    const z = engine.nextU32() % (n - i);
    const t = r[i];
    r[i] = r[i + z];
    r[i + z] = t;
  }
  return r;
}
