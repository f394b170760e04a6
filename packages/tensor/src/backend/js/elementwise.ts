import type { BinaryOp, UnaryOp } from '../backend';
import type { TypedArray } from '../../dtype';

/**
 * One contiguous output run of a unary op: out[oo + i] = f(x[xo + i * xs]). The switch sits outside the
 * loops so each loop is monomorphic; the values are computed in doubles and rounded once on store.
 */
export function unaryRun(
  op: UnaryOp, n: number, x: TypedArray, xo: number, xs: number, out: TypedArray, oo: number, a: number, b: number,
): void {
  switch (op) {
    case 'copy': for (let i = 0; i < n; i++) out[oo + i] = x[xo + i * xs]; return;
    case 'neg': for (let i = 0; i < n; i++) out[oo + i] = -x[xo + i * xs]; return;
    case 'abs': for (let i = 0; i < n; i++) out[oo + i] = Math.abs(x[xo + i * xs]); return;
    case 'sign': for (let i = 0; i < n; i++) { const v = x[xo + i * xs]; out[oo + i] = v > 0 ? 1 : v < 0 ? -1 : v; } return;
    case 'exp': for (let i = 0; i < n; i++) out[oo + i] = Math.exp(x[xo + i * xs]); return;
    case 'log': for (let i = 0; i < n; i++) out[oo + i] = Math.log(x[xo + i * xs]); return;
    case 'sqrt': for (let i = 0; i < n; i++) out[oo + i] = Math.sqrt(x[xo + i * xs]); return;
    case 'rsqrt': for (let i = 0; i < n; i++) out[oo + i] = 1 / Math.sqrt(x[xo + i * xs]); return;
    case 'square': for (let i = 0; i < n; i++) { const v = x[xo + i * xs]; out[oo + i] = v * v; } return;
    case 'reciprocal': for (let i = 0; i < n; i++) out[oo + i] = 1 / x[xo + i * xs]; return;
    case 'tanh': for (let i = 0; i < n; i++) out[oo + i] = Math.tanh(x[xo + i * xs]); return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[oo + i] = 1 / (1 + Math.exp(-x[xo + i * xs])); return;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[xo + i * xs]; out[oo + i] = v > 0 ? v : v !== v ? v : 0; } return;
    case 'leakyRelu': for (let i = 0; i < n; i++) { const v = x[xo + i * xs]; out[oo + i] = v > 0 ? v : v * a; } return;
    case 'clamp':
      // NaN propagates, as in torch.clamp; min is applied before max, so min > max gives max.
      for (let i = 0; i < n; i++) { const v = x[xo + i * xs]; out[oo + i] = v !== v ? v : Math.min(Math.max(v, a), b); }
      return;
    case 'powScalar':
      if (a === 2) for (let i = 0; i < n; i++) { const v = x[xo + i * xs]; out[oo + i] = v * v; }
      else for (let i = 0; i < n; i++) out[oo + i] = Math.pow(x[xo + i * xs], a);
      return;
    case 'scalarPow': for (let i = 0; i < n; i++) out[oo + i] = Math.pow(a, x[xo + i * xs]); return;
    case 'addScalar': for (let i = 0; i < n; i++) out[oo + i] = x[xo + i * xs] + a; return;
    case 'mulScalar': for (let i = 0; i < n; i++) out[oo + i] = x[xo + i * xs] * a; return;
    case 'logicalNot': for (let i = 0; i < n; i++) out[oo + i] = x[xo + i * xs] ? 0 : 1; return;
  }
}

/** One contiguous output run of a binary op: out[oo + i] = f(a[ao + i * as], b[bo + i * bs]). */
export function binaryRun(
  op: BinaryOp, n: number,
  a: TypedArray, ao: number, as: number, b: TypedArray, bo: number, bs: number, out: TypedArray, oo: number,
): void {
  switch (op) {
    case 'add':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i];
      else if (bs === 0) { const y = b[bo]; for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + y; }
      else for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs];
      return;
    case 'sub':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i];
      else if (bs === 0) { const y = b[bo]; for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - y; }
      else for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - b[bo + i * bs];
      return;
    case 'mul':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i];
      else if (bs === 0) { const y = b[bo]; for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * y; }
      else for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * b[bo + i * bs];
      return;
    case 'div':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i];
      else for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] / b[bo + i * bs];
      return;
    case 'pow': for (let i = 0; i < n; i++) out[oo + i] = Math.pow(a[ao + i * as], b[bo + i * bs]); return;
    case 'maximum':
      for (let i = 0; i < n; i++) {
        const x = a[ao + i * as], y = b[bo + i * bs];
        out[oo + i] = x !== x || y !== y ? NaN : x > y ? x : y;
      }
      return;
    case 'minimum':
      for (let i = 0; i < n; i++) {
        const x = a[ao + i * as], y = b[bo + i * bs];
        out[oo + i] = x !== x || y !== y ? NaN : x < y ? x : y;
      }
      return;
    case 'eq': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] === b[bo + i * bs] ? 1 : 0; return;
    case 'ne': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] !== b[bo + i * bs] ? 1 : 0; return;
    case 'lt': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] < b[bo + i * bs] ? 1 : 0; return;
    case 'le': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] <= b[bo + i * bs] ? 1 : 0; return;
    case 'gt': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] > b[bo + i * bs] ? 1 : 0; return;
    case 'ge': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] >= b[bo + i * bs] ? 1 : 0; return;
    case 'logicalAnd': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] && b[bo + i * bs] ? 1 : 0; return;
    case 'logicalOr': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] || b[bo + i * bs] ? 1 : 0; return;
    case 'tanhGrad':
      for (let i = 0; i < n; i++) { const y = b[bo + i * bs]; out[oo + i] = a[ao + i * as] * (1 - y * y); }
      return;
    case 'sigmoidGrad':
      for (let i = 0; i < n; i++) { const y = b[bo + i * bs]; out[oo + i] = a[ao + i * as] * y * (1 - y); }
      return;
    case 'reluGrad':
      for (let i = 0; i < n; i++) out[oo + i] = b[bo + i * bs] > 0 ? a[ao + i * as] : 0;
      return;
  }
}
