/**
 * The `wasm` and `auto` backends. One class, two routing policies:
 *
 * - `wasm`: float32, int32 and bool storage lives in the WASM heap. Float32 elementwise ops, sum/max/min
 *   reductions and matmul run as tfjs-backend-wasm (XNNPACK, SIMD) kernels; the rest (see FALLBACKS in the
 *   README) run the `js` reference kernels directly on views of the WASM heap and copy their result in.
 * - `auto`: storage is a plain typed array (exactly what the js backend holds, so `readValues` and
 *   `updateInPlace` stay zero-copy) until an op is big enough for WASM to win: then the result lives in the
 *   WASM heap. Small elementwise work stays in TypeScript; matmul above `matmul` multiply-adds, elementwise
 *   ops above `elementwise` elements and reductions above `reduce` elements go to WASM. JS kernels read
 *   WASM-resident inputs through heap views (no copy back); a WASM kernel copies a JS-resident input into
 *   the heap once for that call (the only copy).
 *
 * float64 stays on the JS heap in both (tfjs is float32-only) and always runs the js kernels.
 */
import {
  JsBackend, contiguousStrides, isContiguous, numelOf,
  type AvgPool2dParams, type Backend, type BinaryOp, type Conv2dParams, type DType, type Pool2dParams, type ReduceOp,
  type TypedArray, type UnaryOp, type View,
} from '@poise/tensor';
import { WasmBuffer, bytesPer, disposedError, isWasmDType, type TensorInfo, type WasmDType, type WasmRuntime } from './runtime';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

/** A storage handle: WASM-heap memory, or a plain typed array on the JS heap. */
export type WasmData = WasmBuffer | TypedArray;
type V = View<WasmData>;
type JV = View<TypedArray>;

export type RoutingMode = 'wasm' | 'auto';

const UNARY_KERNELS: Partial<Record<UnaryOp, string>> = {
  neg: 'Neg', abs: 'Abs', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', rsqrt: 'Rsqrt', square: 'Square',
  reciprocal: 'Reciprocal', tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', leakyRelu: 'LeakyRelu',
  addScalar: 'Add', mulScalar: 'Multiply', powScalar: 'Pow',
};

const BINARY_KERNELS: Partial<Record<BinaryOp, string>> = {
  add: 'Add', sub: 'Sub', mul: 'Multiply', div: 'RealDiv', pow: 'Pow',
  eq: 'Equal', ne: 'NotEqual', lt: 'Less', le: 'LessEqual', gt: 'Greater', ge: 'GreaterEqual',
};

/** XNNPACK's n-d elementwise operators take at most 6 dims. */
const MAX_RANK = 6;

interface Operand {
  info: TensorInfo;
  release(): void;
}

const noop = (): void => undefined;

/** True when (shape, strides) walks memory densely in row-major order (size-1 dims ignored). */
/** Output height and width of a convolution (see Conv2dParams). */
function convOut(H: number, W: number, kH: number, kW: number, p: Conv2dParams): [number, number] {
  const [pt, pb, pl, pr] = p.padding;
  return [
    Math.floor((H + pt + pb - p.dilation[0] * (kH - 1) - 1) / p.stride[0]) + 1,
    Math.floor((W + pl + pr - p.dilation[1] * (kW - 1) - 1) / p.stride[1]) + 1,
  ];
}

export class WasmBackend implements Backend<WasmData> {
  private readonly js = new JsBackend();
  /** Ops routed to WASM kernels / to js kernels, by op name (for tests and tuning). */
  readonly stats = { wasm: 0, js: 0 };

  constructor(
    readonly rt: WasmRuntime,
    readonly mode: RoutingMode,
    readonly name: string = mode,
    readonly thresholds: Thresholds = { ...DEFAULT_THRESHOLDS },
  ) {}

  // ---- storage -----------------------------------------------------------------------------------------

  alloc(dtype: DType, size: number): WasmData {
    if (this.residentInWasm(dtype, size)) {
      const b = this.rt.alloc(dtype as WasmDType, size);
      b.view().fill(0);
      return b;
    }
    return this.js.alloc(dtype, size);
  }

  fromArray(dtype: DType, values: TypedArray): WasmData {
    if (this.residentInWasm(dtype, values.length)) return this.upload(dtype as WasmDType, values);
    return this.js.fromArray(dtype, values);
  }

  adopt(dtype: DType, values: TypedArray): WasmData {
    if (this.residentInWasm(dtype, values.length)) return this.upload(dtype as WasmDType, values);
    return values;
  }

  /**
   * A heap view for in-place updates (`updateInPlace`, the optimizers): the buffer is re-keyed first, so the
   * XNNPACK operator packed from its old values is dropped and the next product packs the new ones.
   */
  writableValues(data: WasmData, dtype: DType, offset: number, size: number): TypedArray | null {
    if (!(data instanceof WasmBuffer)) return data.subarray(offset, offset + size) as TypedArray;
    if (data.dtype !== dtype) return null;
    if (data.freed) throw disposedError(data.dtype, data.size);
    this.rt.rekey(data);
    return data.view().subarray(offset, offset + size) as TypedArray;
  }

  read(x: V): TypedArray {
    return this.js.read(this.jsView(x));
  }

  size(data: WasmData): number {
    return data instanceof WasmBuffer ? data.size : data.length;
  }

  free(data: WasmData): void {
    if (data instanceof WasmBuffer) this.rt.free(data);
  }

  /** Where new storage of this dtype and size lives under this backend's policy. */
  private residentInWasm(dtype: DType, size: number): boolean {
    if (!isWasmDType(dtype)) return false;
    return this.mode === 'wasm' || (dtype === 'float32' && size >= this.thresholds.resident);
  }

  private upload(dtype: WasmDType, values: ArrayLike<number>): WasmBuffer {
    const b = this.rt.alloc(dtype, values.length);
    if (values.length > 0) b.view().set(values);
    return b;
  }

  /** A result computed by a js kernel: kept as is (auto, float64) or copied into the WASM heap (wasm). */
  private place(values: TypedArray, dtype: DType): WasmData {
    this.stats.js++;
    return this.mode === 'wasm' && isWasmDType(dtype) ? this.upload(dtype, values) : values;
  }

  /** The view as the js kernels see it: its handle's elements as a typed array (a heap view for WASM storage). */
  private jsView(v: V): JV {
    const h = v.storage.data;
    return { storage: { data: h instanceof WasmBuffer ? h.view() : h }, shape: v.shape, strides: v.strides, offset: v.offset, dtype: v.dtype };
  }

  private wasmFor(work: number, threshold: number): boolean {
    return this.mode === 'wasm' || work >= threshold;
  }

  /**
   * A tfjs TensorInfo for the view read with (`shape`, `strides`): the buffer itself when dense at offset 0,
   * an alias registration inside it when dense at an offset, else a dense copy in a temporary buffer.
   */
  private operand(v: V, shape: readonly number[] = v.shape, strides: readonly number[] = v.strides): Operand {
    const h = v.storage.data;
    const dtype = v.dtype as WasmDType;
    const n = numelOf(shape);
    if (h instanceof WasmBuffer && h.dtype === dtype && isContiguous(shape, strides)) {
      if (h.freed) throw disposedError(h.dtype, h.size);
      if (v.offset === 0) return { info: { dataId: h.dataId, shape: shape.slice(), dtype }, release: noop };
      const alias = this.rt.alias(h.ptr + v.offset * bytesPer(dtype), dtype, n);
      return { info: { dataId: alias, shape: shape.slice(), dtype }, release: () => this.rt.unalias(alias) };
    }
    const tmp = this.rt.alloc(dtype, n);
    const dst: JV = { storage: { data: tmp.view() }, shape, strides: contiguousStrides(shape), offset: 0, dtype };
    const src: JV = { ...this.jsView(v), shape, strides };
    this.js.copyInto(dst, src);
    return { info: { dataId: tmp.dataId, shape: shape.slice(), dtype }, release: () => this.rt.free(tmp) };
  }

  /** A 0-d float32 operand holding `value`. */
  private scalarOperand(value: number): Operand {
    const tmp = this.rt.alloc('float32', 1);
    tmp.view()[0] = value;
    return { info: { dataId: tmp.dataId, shape: [], dtype: 'float32' }, release: () => this.rt.free(tmp) };
  }

  private runKernel(name: string, inputs: Record<string, Operand>, attrs: Record<string, unknown>, outDType: WasmDType, size: number): WasmBuffer {
    const infos: Record<string, TensorInfo> = {};
    for (const k in inputs) infos[k] = inputs[k].info;
    try {
      const out = this.rt.kernel(name)({ inputs: infos, backend: this.rt.be, attrs });
      this.stats.wasm++;
      return this.rt.adoptOutput(out.dataId, outDType, size);
    } finally {
      for (const k in inputs) inputs[k].release();
    }
  }

  // ---- elementwise -------------------------------------------------------------------------------------

  unary(op: UnaryOp, x: V, outDType: DType, a = 0, b = 0): WasmData {
    const n = numelOf(x.shape);
    const kernel = UNARY_KERNELS[op];
    if (kernel !== undefined && x.dtype === 'float32' && outDType === 'float32' && n > 0 && x.shape.length <= MAX_RANK &&
      this.wasmFor(n, this.thresholds.elementwise)) {
      const X = this.operand(x);
      if (op === 'powScalar' && a === 2) return this.runKernel('Square', { x: X }, {}, 'float32', n);
      if (op === 'addScalar' || op === 'mulScalar' || op === 'powScalar') {
        return this.runKernel(kernel, { a: X, b: this.scalarOperand(a) }, {}, 'float32', n);
      }
      return this.runKernel(kernel, { x: X }, op === 'leakyRelu' ? { alpha: a } : {}, 'float32', n);
    }
    return this.place(this.js.unary(op, this.jsView(x), outDType, a, b), outDType);
  }

  binary(op: BinaryOp, a: V, b: V, outShape: readonly number[], outDType: DType): WasmData {
    const n = numelOf(outShape);
    const kernel = BINARY_KERNELS[op];
    if (kernel !== undefined && a.dtype === 'float32' && b.dtype === 'float32' && n > 0 && outShape.length <= MAX_RANK &&
      this.wasmFor(n, this.thresholds.elementwise)) {
      // Broadcast dims (stride 0) become size 1: tfjs broadcasts them itself, so nothing is expanded.
      const sa = a.shape.map((s, d) => (a.strides[d] === 0 ? 1 : s));
      const sb = b.shape.map((s, d) => (b.strides[d] === 0 ? 1 : s));
      let covered = true;
      for (let d = 0; d < outShape.length; d++) if (outShape[d] !== 1 && sa[d] === 1 && sb[d] === 1) covered = false;
      if (covered) {
        const A = this.operand(a, sa);
        const B = this.operand(b, sb);
        return this.runKernel(kernel, { a: A, b: B }, {}, outDType as WasmDType, n);
      }
    }
    return this.place(this.js.binary(op, this.jsView(a), this.jsView(b), outShape, outDType), outDType);
  }

  where(cond: V, a: V, b: V, outShape: readonly number[], outDType: DType): WasmData {
    return this.place(this.js.where(this.jsView(cond), this.jsView(a), this.jsView(b), outShape, outDType), outDType);
  }

  // ---- reductions --------------------------------------------------------------------------------------

  reduce(op: ReduceOp, x: V, dims: readonly number[], outDType: DType): WasmData {
    const n = numelOf(x.shape);
    // Only max/min go to WASM: tfjs's Sum accumulates in float32 one element after another (relative error
    // ~1e-5 over 50k elements), while the js kernel accumulates in float64 and reads the heap in place.
    if ((op === 'max' || op === 'min') && x.dtype === 'float32' && outDType === 'float32' && n > 0 &&
      dims.length > 0 && x.shape.length <= MAX_RANK && this.wasmFor(n, this.thresholds.reduce)) {
      const outSize = numelOf(x.shape.filter((_, d) => !dims.includes(d)));
      const X = this.operand(x);
      const axis = dims.slice();
      if (op === 'max') return this.runKernel('Max', { x: X }, { reductionIndices: axis, keepDims: false }, 'float32', outSize);
      return this.runKernel('Min', { x: X }, { axis, keepDims: false }, 'float32', outSize);
    }
    return this.place(this.js.reduce(op, this.jsView(x), dims, outDType), outDType);
  }

  // ---- matmul ------------------------------------------------------------------------------------------

  matmul(a: V, b: V): WasmData {
    const r = a.shape.length;
    const M = a.shape[r - 2], K = a.shape[r - 1], N = b.shape[r - 1];
    const batchShape = a.shape.slice(0, r - 2);
    const batch = numelOf(batchShape);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || batch * M * N * K === 0 || !this.wasmFor(batch * M * K * N, this.thresholds.matmul)) {
      return this.place(this.js.matmul(this.jsView(a), this.jsView(b)), a.dtype);
    }
    this.stats.wasm++;
    const out = this.rt.alloc('float32', batch * M * N);
    const [ars, acs] = [a.strides[r - 2], a.strides[r - 1]];
    const [brs, bcs] = [b.strides[r - 2], b.strides[r - 1]];
    // x [..., M, K] @ w [K, N] broadcast over the batch: one [batch * M, K] @ [K, N] product when a's batch
    // and row dims walk memory uniformly (always for a contiguous a).
    let bBroadcast = true;
    for (let d = 0; d < r - 2; d++) if (b.strides[d] !== 0 && b.shape[d] !== 1) bBroadcast = false;
    let foldable = bBroadcast;
    if (foldable) {
      let expected = ars * M;
      for (let d = r - 3; d >= 0; d--) {
        if (a.shape[d] === 1) continue;
        if (a.strides[d] !== expected) { foldable = false; break; }
        expected *= a.shape[d];
      }
    }
    if (batch === 1 || foldable) {
      this.matmul2d(a, a.offset, batch * M, K, ars, acs, b, b.offset, N, brs, bcs, out, 0);
      return out;
    }
    // General batch: one 2-D product per batch element (XNNPACK has no batched GEMM in tfjs; its batched
    // path is a scalar loop, pitfall (a)), on aliases into the operands and the output.
    const idx = new Array<number>(r - 2).fill(0);
    for (let i = 0; i < batch; i++) {
      let ao = a.offset, bo = b.offset;
      for (let d = 0; d < r - 2; d++) {
        ao += idx[d] * a.strides[d];
        bo += idx[d] * b.strides[d];
      }
      this.matmul2d(a, ao, M, K, ars, acs, b, bo, N, brs, bcs, out, i * M * N);
      for (let d = r - 3; d >= 0; d--) {
        if (++idx[d] < batchShape[d]) break;
        idx[d] = 0;
      }
    }
    return out;
  }

  /** out[outOff .. + rows * N] = A (rows x K, strided) @ B (K x N, strided), through XNNPACK's fully connected op. */
  private matmul2d(
    a: V, aOff: number, rows: number, K: number, ars: number, acs: number,
    b: V, bOff: number, N: number, brs: number, bcs: number,
    out: WasmBuffer, outOff: number,
  ): void {
    const A = this.matOperand(a, aOff, rows, K, ars, acs, false);
    const B = this.matOperand(b, bOff, K, N, brs, bcs, true);
    const O = outOff === 0 ? null : this.rt.alias(out.ptr + outOff * 4, 'float32', rows * N);
    try {
      const w = this.rt.be.wasm;
      const p = this.rt.scratch >> 2;
      const h32 = w.HEAP32;
      h32[p] = 1; h32[p + 1] = rows; h32[p + 2] = K;
      h32[p + 3] = 1; h32[p + 4] = K; h32[p + 5] = N;
      const outId = O === null ? out.id : this.rt.entry(O).id;
      w._BatchMatMul(A.id, this.rt.scratch, 3, B.id, this.rt.scratch + 12, 3, 0, 0, outId);
    } finally {
      A.release();
      B.release();
      if (O !== null) this.rt.unalias(O);
    }
  }

  /**
   * A dense row-major (rows x cols) matrix in the heap for a strided view: the buffer itself, an alias, or an
   * explicit transposed/gathered copy (so XNNPACK never sees a transpose flag). For B the buffer's own id
   * is used only when it is the whole buffer; XNNPACK then caches its packed copy on that id, and every write
   * into the buffer re-keys it first (see WasmRuntime.rekey), so a trained weight is never stale.
   */
  private matOperand(v: V, off: number, rows: number, cols: number, rs: number, cs: number, isB: boolean): { id: number; release(): void } {
    const h = v.storage.data;
    const dense = (cs === 1 || cols === 1) && (rs === cols || rows === 1);
    if (h instanceof WasmBuffer && dense) {
      if (h.freed) throw disposedError(h.dtype, h.size);
      if (off === 0 && (!isB || rows * cols === h.size)) {
        if (isB) {
          const key = `${rows}x${cols}`;
          if (h.packedAs !== null && h.packedAs !== key) this.rt.rekey(h);
          h.packedAs = key;
        }
        return { id: h.id, release: noop };
      }
      const alias = this.rt.alias(h.ptr + off * 4, 'float32', rows * cols);
      return { id: this.rt.entry(alias).id, release: () => this.rt.unalias(alias) };
    }
    if (h instanceof WasmBuffer && rs === 1 && cs === rows && rows > 1 && cols > 1) {
      // The transpose of a dense [cols, rows] block (a.mT, w.t() in backward passes): tfjs's Transpose kernel.
      const src = this.operand({ ...v, shape: [cols, rows], strides: [rows, 1], offset: off } as V);
      const t = this.runKernel('Transpose', { x: src }, { perm: [1, 0] }, 'float32', rows * cols);
      return { id: t.id, release: () => this.rt.free(t) };
    }
    const tmp = this.rt.alloc('float32', rows * cols);
    const dst: JV = { storage: { data: tmp.view() }, shape: [rows, cols], strides: [cols, 1], offset: 0, dtype: 'float32' };
    const src: JV = { ...this.jsView(v), shape: [rows, cols], strides: [rs, cs], offset: off };
    this.js.copyInto(dst, src);
    return { id: tmp.id, release: () => this.rt.free(tmp) };
  }

  // ---- copies and indexing (js kernels on heap views) ---------------------------------------------------

  copyInto(dst: V, src: V): void {
    const d = dst.storage.data;
    if (d instanceof WasmBuffer) this.rt.rekey(d);
    const dv = this.jsView(dst);
    this.js.copyInto(dv, this.jsView(src));
  }

  indexSelect(x: V, dim: number, index: V): WasmData {
    return this.place(this.js.indexSelect(this.jsView(x), dim, this.jsView(index)), x.dtype);
  }

  indexAdd(shape: readonly number[], dim: number, index: V, src: V): WasmData {
    return this.place(this.js.indexAdd(shape, dim, this.jsView(index), this.jsView(src)), src.dtype);
  }

  gather(x: V, dim: number, index: V): WasmData {
    return this.place(this.js.gather(this.jsView(x), dim, this.jsView(index)), x.dtype);
  }

  scatterAdd(shape: readonly number[], dim: number, index: V, src: V): WasmData {
    return this.place(this.js.scatterAdd(shape, dim, this.jsView(index), this.jsView(src)), src.dtype);
  }

  // ---- convolution and pooling ---------------------------------------------------------------------------

  /**
   * conv2d on XNNPACK (tfjs Conv2D, NHWC): x is transposed to NHWC and the weight to HWIO, the output back to
   * NCHW. groups > 1 and small convolutions (auto) run the js kernel on heap views.
   */
  conv2d(x: V, weight: V, bias: V | null, params: Conv2dParams): WasmData {
    const [N, C, H, Wd] = x.shape;
    const [O, , kH, kW] = weight.shape;
    const [OH, OW] = convOut(H, Wd, kH, kW, params);
    const macs = N * O * OH * OW * C * kH * kW;
    if (x.dtype !== 'float32' || params.groups !== 1 || macs === 0 || !this.wasmFor(macs, this.thresholds.matmul)) {
      return this.place(this.js.conv2d(this.jsView(x), this.jsView(weight), bias === null ? null : this.jsView(bias), params), x.dtype);
    }
    const nhwc = this.xnnConv(x, weight, params, false, [N, H, Wd, C], [O, OH, OW]);
    let out = nhwc;
    if (bias !== null) {
      const B = this.operand(bias);
      out = this.runKernel('Add', { a: this.own(nhwc, [N, OH, OW, O]), b: B }, {}, 'float32', nhwc.size);
    }
    return this.toNCHW(out, [N, OH, OW, O]);
  }

  /**
   * The input gradient of a stride-1 conv2d is itself a conv2d (on XNNPACK): of grad with the weight flipped
   * and its channels swapped, padded by dilation * (k - 1) - padding. Strided convolutions run the js kernel.
   */
  conv2dBackwardInput(grad: V, weight: V, inputShape: readonly number[], params: Conv2dParams): WasmData {
    const [N, C, H, Wd] = inputShape;
    const [O, , kH, kW] = weight.shape;
    const [, , OH, OW] = grad.shape;
    const [dH, dW] = params.dilation;
    const [pt, pb, pl, pr] = params.padding;
    const flipped: Conv2dParams = {
      stride: [1, 1], dilation: params.dilation, groups: 1,
      padding: [dH * (kH - 1) - pt, dH * (kH - 1) - pb, dW * (kW - 1) - pl, dW * (kW - 1) - pr],
    };
    const macs = N * O * OH * OW * C * kH * kW;
    if (grad.dtype !== 'float32' || params.groups !== 1 || params.stride[0] !== 1 || params.stride[1] !== 1 ||
      flipped.padding.some((p) => p < 0) || macs === 0 || !this.wasmFor(macs, this.thresholds.matmul)) {
      return this.place(this.js.conv2dBackwardInput(this.jsView(grad), this.jsView(weight), inputShape, params), grad.dtype);
    }
    // As a conv of grad [N, O, OH, OW] with w'[c, o, i, j] = w[o, c, kH-1-i, kW-1-j]: its HWIO layout is
    // w'[i][j][o][c] = w[o][c][kH-1-i][kW-1-j], a strided view of the weight (negative strides from the far corner).
    const ws = weight.strides;
    const wFlip: V = {
      storage: weight.storage, dtype: weight.dtype,
      shape: [C, O, kH, kW], strides: [ws[1], ws[0], -ws[2], -ws[3]],
      offset: weight.offset + (kH - 1) * ws[2] + (kW - 1) * ws[3],
    };
    const nhwc = this.xnnConv(grad, wFlip, flipped, false, [N, OH, OW, O], [C, H, Wd]);
    return this.toNCHW(nhwc, [N, H, Wd, C]);
  }

  /**
   * The weight gradient of a stride-1, dilation-1 conv2d on XNNPACK, one sample at a time, accumulated across
   * samples in float64. For sample n, dW[o, c, i, j] = sum over (oh, ow) of x[n, c, oh + i - top, ow + j - left] *
   * grad[n, o, oh, ow] is itself a convolution: the [C, H, W] sample read as C one-channel NHWC images (its NCHW
   * memory as is, no copy) convolved with grad[n] as an [OH, OW, 1, O] filter (one transpose of the whole grad to
   * NHWC first) gives [C, kH, kW, O]. XNNPACK sums each sample's OH * OW terms in float32 (784 at 28x28, the
   * error of one float32 dot product of that length); the per-sample results are added in float64, so the
   * batch sum does not grow the error (all N * OH * OW terms in float32 measured 1.8e-4 relative error at
   * 8x16x28x28). Strided, dilated or grouped convolutions, float64, and small ones (auto) run the js kernel.
   */
  conv2dBackwardWeight(grad: V, x: V, weightShape: readonly number[], params: Conv2dParams): WasmData {
    const [N, C, H, Wd] = x.shape;
    const [O, , kH, kW] = weightShape;
    const [, , OH, OW] = grad.shape;
    const [pt, pb, pl, pr] = params.padding;
    const macs = N * O * OH * OW * C * kH * kW;
    const fits = H + pt + pb - OH + 1 === kH && Wd + pl + pr - OW + 1 === kW;
    if (grad.dtype !== 'float32' || x.dtype !== 'float32' || params.groups !== 1 || params.stride[0] !== 1 || params.stride[1] !== 1 ||
      params.dilation[0] !== 1 || params.dilation[1] !== 1 || !fits || macs === 0 || !this.wasmFor(macs, this.thresholds.convWeightGrad)) {
      return this.place(this.js.conv2dBackwardWeight(this.jsView(grad), this.jsView(x), weightShape, params), grad.dtype);
    }
    const G = this.permuted(grad, [0, 2, 3, 1]); // [N, OH, OW, O]
    const X = this.operand(x); // dense [N, C, H, W] in the heap
    const gE = this.rt.entry(G.info.dataId), xE = this.rt.entry(X.info.dataId);
    const per = C * kH * kW * O;
    const acc = new Float64Array(per);
    const res = this.rt.alloc('float32', per);
    const resId = res.id;
    try {
      for (let n = 0; n < N; n++) {
        const xs = this.rt.alias(xE.memoryOffset + n * C * H * Wd * 4, 'float32', C * H * Wd);
        const gs = this.rt.alias(gE.memoryOffset + n * OH * OW * O * 4, 'float32', OH * OW * O);
        try {
          this.rt.be.wasm._Conv2D(this.rt.entry(xs).id, C, H, Wd, this.rt.entry(gs).id, OH, OW, pt, pr, pb, pl, 0, 1, 1, 1, 1, 1, O, resId);
        } finally {
          this.rt.unalias(xs);
          this.rt.unalias(gs);
        }
        const r = res.view() as Float32Array;
        for (let i = 0; i < per; i++) acc[i] += r[i];
      }
      this.stats.wasm++;
    } finally {
      G.release();
      X.release();
      this.rt.free(res);
    }
    // acc is [C, kH, kW, O]; the weight is [O, C, kH, kW].
    const out = this.rt.alloc('float32', per);
    const ov = out.view() as Float32Array;
    const khw = kH * kW;
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < khw; k++) {
        const src = (c * khw + k) * O;
        const dst = c * khw + k;
        for (let o = 0; o < O; o++) ov[o * C * khw + dst] = acc[src + o];
      }
    }
    if (this.mode === 'auto' && per < this.thresholds.resident) {
      const a = ov.slice();
      this.rt.free(out);
      return a;
    }
    return out;
  }

  /**
   * Runs tfjs's Conv2D C function: x (NCHW view, with `xNHWC` its [N, H, W, C]) and a weight view [O, C, kH, kW]
   * (any strides) give a new NHWC buffer [N, OH, OW, O] (`out` = [O, OH, OW]).
   */
  private xnnConv(x: V, weight: V, p: Conv2dParams, _depthwise: boolean, xNHWC: number[], out: number[]): WasmBuffer {
    const [N, H, Wd, C] = xNHWC;
    const [O, OH, OW] = out;
    const [, , kH, kW] = weight.shape;
    const X = this.permuted(x, [0, 2, 3, 1]);
    const ws = weight.strides;
    const F = this.operand({ ...weight, shape: [kH, kW, C, O], strides: [ws[2], ws[3], ws[1], ws[0]] } as V);
    const res = this.rt.alloc('float32', N * OH * OW * O);
    try {
      const [pt, pb, pl, pr] = p.padding;
      this.rt.be.wasm._Conv2D(
        this.rt.entry(X.info.dataId).id, N, H, Wd, this.rt.entry(F.info.dataId).id, kH, kW,
        pt, pr, pb, pl, 0, p.dilation[0], p.dilation[1], p.stride[0], p.stride[1], C, O, res.id,
      );
      this.stats.wasm++;
    } finally {
      X.release();
      F.release();
    }
    return res;
  }

  /** The view with its dims permuted, densely in the heap: tfjs's Transpose kernel for a dense WASM buffer, else a js strided copy. */
  private permuted(v: V, perm: number[]): Operand {
    const shape = perm.map((d) => v.shape[d]);
    const strides = perm.map((d) => v.strides[d]);
    const h = v.storage.data;
    if (h instanceof WasmBuffer && isContiguous(v.shape, v.strides) && !isContiguous(shape, strides)) {
      const src = this.operand(v);
      const t = this.runKernel('Transpose', { x: src }, { perm }, 'float32', numelOf(shape));
      return this.own(t, shape);
    }
    return this.operand({ ...v, shape, strides } as V);
  }

  /** An operand that frees `buf` when released. */
  private own(buf: WasmBuffer, shape: number[]): Operand {
    return { info: { dataId: buf.dataId, shape, dtype: 'float32' }, release: () => this.rt.free(buf) };
  }

  /** NHWC buffer -> new NCHW buffer (the input is freed). */
  private toNCHW(nhwc: WasmBuffer, shape: number[]): WasmBuffer {
    const [N, H, Wd, C] = shape;
    if (H * Wd === 1 || C === 1) return nhwc; // same memory order
    return this.runKernel('Transpose', { x: this.own(nhwc, [N, H, Wd, C]) }, { perm: [0, 3, 1, 2] }, 'float32', nhwc.size);
  }

  maxPool2d(x: V, params: Pool2dParams): { values: WasmData; indices: WasmData } {
    const r = this.js.maxPool2d(this.jsView(x), params);
    return { values: this.place(r.values, x.dtype), indices: this.place(r.indices, 'int32') };
  }

  maxPool2dBackward(grad: V, indices: V, inputShape: readonly number[]): WasmData {
    return this.place(this.js.maxPool2dBackward(this.jsView(grad), this.jsView(indices), inputShape), grad.dtype);
  }

  avgPool2d(x: V, params: AvgPool2dParams): WasmData {
    return this.place(this.js.avgPool2d(this.jsView(x), params), x.dtype);
  }

  avgPool2dBackward(grad: V, inputShape: readonly number[], params: AvgPool2dParams): WasmData {
    return this.place(this.js.avgPool2dBackward(this.jsView(grad), inputShape, params), grad.dtype);
  }
}
