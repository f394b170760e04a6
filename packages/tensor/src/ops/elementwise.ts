/**
 * Elementwise ops with broadcasting. Each op's backward sits right after its forward; gradients are
 * computed with the same tensor ops (under noGrad, by the engine), so every backend gets them for free.
 */
import type { BinaryOp, UnaryOp } from '../backend/backend';
import { isFloat, promoteTypes, promoteWithScalar, type DType } from '../dtype';
import { broadcastShapes, fmtShape } from '../shape';
import { Tensor } from '../tensor';
import { broadcastView, record, sameBackend, scalarTensor, sumTo, wrap } from './core';

export type Operand = Tensor | number | boolean;

/** Rounds a JS number to the tensor's precision, as PyTorch casts a Python scalar to the op's dtype. */
function castScalar(v: number, dtype: DType): number {
  return dtype === 'float32' ? Math.fround(v) : dtype === 'int32' ? Math.trunc(v) : v;
}

function checkNumber(op: string, v: unknown): void {
  if (typeof v !== 'number' && typeof v !== 'boolean' && !(v instanceof Tensor)) {
    throw new TypeError(`${op}: expected a Tensor or a number, got ${v === null ? 'null' : typeof v}`);
  }
}

/** Resolves two operands to tensors of one computation dtype, following PyTorch's promotion rules. */
export function operands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  checkNumber(op, a);
  checkNumber(op, b);
  if (a instanceof Tensor && b instanceof Tensor) {
    sameBackend(op, a, b);
    const dt = promoteTypes(a.dtype, b.dtype);
    return [a.dtype === dt ? a : a.to(dt), b.dtype === dt ? b : b.to(dt)];
  }
  if (a instanceof Tensor) {
    const dt = promoteWithScalar(a.dtype, b as number | boolean);
    return [a.dtype === dt ? a : a.to(dt), scalarTensor(castScalar(Number(b), dt), dt, a.storage.backend)];
  }
  if (b instanceof Tensor) {
    const dt = promoteWithScalar(b.dtype, a as number | boolean);
    return [scalarTensor(castScalar(Number(a), dt), dt, b.storage.backend), b.dtype === dt ? b : b.to(dt)];
  }
  throw new TypeError(`${op}: at least one operand must be a Tensor`);
}

export function unaryForward(op: UnaryOp, x: Tensor, outDType: DType = x.dtype, a = 0, b = 0): Tensor {
  const backend = x.storage.backend;
  return wrap(backend, backend.unary(op, x, outDType, a, b), x.shape, outDType);
}

export function binaryForward(name: string, op: BinaryOp, a: Tensor, b: Tensor, outDType: DType): Tensor {
  const backend = sameBackend(name, a, b);
  const shape = broadcastShapes(a.shape, b.shape, name);
  return wrap(backend, backend.binary(op, broadcastView(a, shape), broadcastView(b, shape), shape, outDType), shape, outDType);
}

function floatOnly(x: Tensor): Tensor {
  // Integer and bool inputs of transcendental ops are promoted to the default float dtype, as in PyTorch.
  return isFloat(x.dtype) ? x : x.to('float32');
}

// ---- arithmetic ------------------------------------------------------------------------------------------

/**
 * A float tensor and a JS number: `x + c`, `x - c` and `x * c` run as one unary kernel (`addScalar`,
 * `mulScalar`), with no 1-element tensor made for `c` and nothing to broadcast. The result is the same: `c` is
 * rounded to x's dtype first (as PyTorch does), and a float32 sum or product computed in doubles and rounded
 * once is the correctly rounded float32 result.
 */
function scalarRhs(x: Operand, c: Operand): x is Tensor {
  return x instanceof Tensor && typeof c === 'number' && (x.dtype === 'float32' || x.dtype === 'float64');
}

export function add(a: Operand, b: Operand): Tensor {
  if (scalarRhs(a, b)) {
    const out = unaryForward('addScalar', a, a.dtype, castScalar(b as number, a.dtype));
    return record(out, 'AddBackward', [a], (g) => [g]);
  }
  const [x, y] = operands('add', a, b);
  const out = binaryForward('add', 'add', x, y, x.dtype);
  return record(out, 'AddBackward', [x, y], (g) => [sumTo(g, x.shape), sumTo(g, y.shape)]);
}

export function sub(a: Operand, b: Operand): Tensor {
  if (scalarRhs(a, b)) {
    const out = unaryForward('addScalar', a, a.dtype, -castScalar(b as number, a.dtype));
    return record(out, 'SubBackward', [a], (g) => [g]);
  }
  const [x, y] = operands('sub', a, b);
  if (x.dtype === 'bool') throw new TypeError('sub: subtraction of bool tensors is not supported; use logicalXor or cast to int32');
  const out = binaryForward('sub', 'sub', x, y, x.dtype);
  return record(out, 'SubBackward', [x, y], (g) => [sumTo(g, x.shape), sumTo(g.neg(), y.shape)]);
}

export function mul(a: Operand, b: Operand): Tensor {
  if (scalarRhs(a, b)) {
    const c = castScalar(b as number, a.dtype);
    const out = unaryForward('mulScalar', a, a.dtype, c);
    return record(out, 'MulBackward', [a], (g) => [g.mul(c)]);
  }
  const [x, y] = operands('mul', a, b);
  const out = binaryForward('mul', 'mul', x, y, x.dtype);
  return record(out, 'MulBackward', [x, y], (g) => [
    x.requiresGrad ? sumTo(g.mul(y), x.shape) : null,
    y.requiresGrad ? sumTo(g.mul(x), y.shape) : null,
  ], [x, y]);
}

/** True division: integer inputs give float32, as `torch.div` does. */
export function div(a: Operand, b: Operand): Tensor {
  let [x, y] = operands('div', a, b);
  if (!isFloat(x.dtype)) [x, y] = [x.to('float32'), y.to('float32')];
  const out = binaryForward('div', 'div', x, y, x.dtype);
  return record(out, 'DivBackward', [x, y], (g) => [
    x.requiresGrad ? sumTo(g.div(y), x.shape) : null,
    y.requiresGrad ? sumTo(g.mul(out).div(y).neg(), y.shape) : null,
  ], [y, out]);
}

export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('neg: negation of a bool tensor is not supported; use logicalNot');
  const out = unaryForward('neg', x);
  return record(out, 'NegBackward', [x], (g) => [g.neg()]);
}

/** x ** exponent, with a scalar or tensor exponent (and a scalar base via `pow(2, x)`). */
export function pow(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && typeof b === 'number') {
    const x = isFloat(a.dtype) || Number.isInteger(b) ? a : a.to('float32');
    const e = castScalar(b, x.dtype);
    if (x.dtype !== 'bool' && !isFloat(x.dtype) && e < 0) {
      throw new RangeError('pow: integers to negative integer powers are not allowed');
    }
    const out = unaryForward('powScalar', x, x.dtype, e);
    return record(out, 'PowBackward0', [x], (g) => [e === 0 ? g.mul(0) : g.mul(x.pow(e - 1).mul(e))], [x]);
  }
  if (typeof a === 'number' && b instanceof Tensor) {
    const x = isFloat(b.dtype) ? b : b.to('float32');
    const base = castScalar(a, x.dtype);
    const out = unaryForward('scalarPow', x, x.dtype, base);
    // d/dx base^x = base^x * ln(base); PyTorch defines it as 0 where base == 0 and x >= 0.
    return record(out, 'PowBackward2', [x], (g) => [base === 0 ? g.mul(0) : g.mul(out).mul(Math.log(base))], [out]);
  }
  const [x, y] = operands('pow', a, b);
  const out = binaryForward('pow', 'pow', x, y, x.dtype);
  return record(out, 'PowBackward1', [x, y], (g) => [
    x.requiresGrad ? sumTo(where(y.eq(0), 0, g.mul(y).mul(x.pow(y.sub(1)))), x.shape) : null,
    y.requiresGrad ? sumTo(where(x.eq(0).logicalAnd(y.ge(0)), 0, g.mul(out).mul(x.log())), y.shape) : null,
  ], [x, y, out]);
}

export function maximum(a: Tensor, b: Operand): Tensor {
  return minmax('maximum', a, b);
}

export function minimum(a: Tensor, b: Operand): Tensor {
  return minmax('minimum', a, b);
}

/** Ties split the gradient in half between the two inputs, as PyTorch does. */
function minmax(op: 'maximum' | 'minimum', a: Operand, b: Operand): Tensor {
  const [x, y] = operands(op, a, b);
  const out = binaryForward(op, op, x, y, x.dtype);
  return record(out, op === 'maximum' ? 'MaximumBackward' : 'MinimumBackward', [x, y], (g) => {
    const xWins = op === 'maximum' ? x.gt(y) : x.lt(y);
    const tie = x.eq(y);
    const half = g.mul(0.5);
    return [
      x.requiresGrad ? sumTo(where(tie, half, where(xWins, g, 0)), x.shape) : null,
      y.requiresGrad ? sumTo(where(tie, half, where(xWins, 0, g)), y.shape) : null,
    ];
  }, [x, y]);
}

// ---- transcendental and activation functions -------------------------------------------------------------

export function exp(x: Tensor): Tensor {
  const xf = floatOnly(x);
  const out = unaryForward('exp', xf);
  return record(out, 'ExpBackward', [xf], (g) => [g.mul(out)], [out]);
}

export function log(x: Tensor): Tensor {
  const xf = floatOnly(x);
  const out = unaryForward('log', xf);
  return record(out, 'LogBackward', [xf], (g) => [g.div(xf)], [xf]);
}

export function sqrt(x: Tensor): Tensor {
  const xf = floatOnly(x);
  const out = unaryForward('sqrt', xf);
  return record(out, 'SqrtBackward', [xf], (g) => [g.div(out.mul(2))], [out]);
}

export function abs(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('abs: not supported for bool tensors');
  const out = unaryForward('abs', x);
  return record(out, 'AbsBackward', [x], (g) => [g.mul(sign(x))], [x]);
}

/** sign(x) in {-1, 0, 1}; its gradient is zero everywhere, as in PyTorch. */
export function sign(x: Tensor): Tensor {
  const out = unaryForward('sign', x);
  return record(out, 'SignBackward', [x], (g) => [g.mul(0)]);
}

export function tanh(x: Tensor): Tensor {
  const xf = floatOnly(x);
  const out = unaryForward('tanh', xf);
  return record(out, 'TanhBackward', [xf], (g) => [binaryForward('tanh', 'tanhGrad', g, out, g.dtype)], [out]);
}

export function sigmoid(x: Tensor): Tensor {
  const xf = floatOnly(x);
  const out = unaryForward('sigmoid', xf);
  return record(out, 'SigmoidBackward', [xf], (g) => [binaryForward('sigmoid', 'sigmoidGrad', g, out, g.dtype)], [out]);
}

export function relu(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('relu: not supported for bool tensors');
  const out = unaryForward('relu', x);
  return record(out, 'ReluBackward', [x], (g) => [binaryForward('relu', 'reluGrad', g, out, g.dtype)], [out]);
}

/** max(0, x) + negativeSlope * min(0, x); PyTorch's default slope is 0.01. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) {
    throw new TypeError(`leakyRelu: negativeSlope must be a finite number, got ${String(negativeSlope)}`);
  }
  const xf = floatOnly(x);
  const slope = castScalar(negativeSlope, xf.dtype);
  const out = unaryForward('leakyRelu', xf, xf.dtype, slope);
  return record(out, 'LeakyReluBackward', [xf], (g) => [where(xf.gt(0), g, g.mul(slope))], [xf]);
}

/**
 * Clamps into [min, max] (either bound may be omitted). The gradient flows where min <= x <= max, bounds
 * included, as in PyTorch.
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new TypeError('clamp: at least one of min or max must be given');
  }
  if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi)) {
    throw new TypeError(`clamp: min and max must be numbers, got ${String(min)} and ${String(max)}`);
  }
  const xt = !isFloat(x.dtype) && (!Number.isInteger(lo) && Number.isFinite(lo) || !Number.isInteger(hi) && Number.isFinite(hi)) ? x.to('float32') : x;
  const out = unaryForward('clamp', xt, xt.dtype, castScalar(lo, xt.dtype), castScalar(hi, xt.dtype));
  return record(out, 'ClampBackward', [xt], (g) => [where(xt.ge(lo).logicalAnd(xt.le(hi)), g, 0)], [xt]);
}

// ---- comparisons and logic (bool results, no gradient) ---------------------------------------------------

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export function compare(op: CompareOp, a: Operand, b: Operand): Tensor {
  const [x, y] = operands(op, a, b);
  return binaryForward(op, op, x, y, 'bool');
}

export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return binaryForward('logicalAnd', 'logicalAnd', a, b, 'bool');
}

export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return binaryForward('logicalOr', 'logicalOr', a, b, 'bool');
}

export function logicalNot(a: Tensor): Tensor {
  return unaryForward('logicalNot', a, 'bool');
}

/** `cond ? a : b` with broadcasting over all three; the gradient goes to the branch that was taken. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (!(cond instanceof Tensor)) throw new TypeError('where: condition must be a bool Tensor');
  if (cond.dtype !== 'bool') {
    throw new TypeError(`where: expected condition to be a bool tensor, got ${cond.dtype} tensor of shape ${fmtShape(cond.shape)}`);
  }
  const [x, y] = operands('where', a, b);
  const backend = sameBackend('where', cond, x, y);
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape, 'where'), y.shape, 'where');
  const data = backend.where(broadcastView(cond, shape), broadcastView(x, shape), broadcastView(y, shape), shape, x.dtype);
  const out = wrap(backend, data, shape, x.dtype);
  return record(out, 'WhereBackward', [x, y], (g) => [
    x.requiresGrad ? sumTo(where(cond, g, 0), x.shape) : null,
    y.requiresGrad ? sumTo(where(cond, 0, g), y.shape) : null,
  ]);
}

/** Casts to another dtype; between float dtypes the gradient is cast back. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = dtype === 'bool' ? binaryForward('to', 'ne', x, scalarTensor(0, x.dtype, x.storage.backend), 'bool') : unaryForward('copy', x, dtype);
  if (!isFloat(dtype)) return out;
  return record(out, 'ToCopyBackward', [x], (g) => [g.to(x.dtype)]);
}
