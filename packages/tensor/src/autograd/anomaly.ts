/**
 * Anomaly detection, like `torch.autograd.detect_anomaly()`: inside `detectAnomaly(fn)`, every autograd node
 * remembers the stack of the forward call that created it, and backward checks each node's gradients as
 * they are produced. The first node whose gradient holds NaN or Infinity stops backward with an
 * `AnomalyError` naming the op (`LogBackward`) and the forward line that created it, e.g. `x.log()` in your
 * code, rather than leaving NaN weights to be found many steps later.
 *
 * Outside `detectAnomaly` nothing is captured or checked (one boolean test per node and per backward
 * step): anomaly mode is for debugging, as capturing stacks and reading every gradient is slow. Both the
 * forward and the backward must run inside `fn` for the call sites to be known.
 */
import type { Tensor } from '../tensor';

let depth = 0;

/** Whether anomaly mode is on (inside `detectAnomaly`). */
export function isAnomalyEnabled(): boolean {
  return depth > 0;
}

/**
 * Runs `fn` in anomaly mode and returns its result. If `fn` returns a Promise, the mode stays on until it
 * settles (and, being global, applies to anything else running meanwhile).
 */
export function detectAnomaly<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('detectAnomaly: expected a function');
  depth++;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    depth--;
    throw e;
  }
  if (result !== null && typeof (result as { then?: unknown })?.then === 'function') {
    return Promise.resolve(result).finally(() => depth--) as T;
  }
  depth--;
  return result;
}

/** The gradient of an op's input became NaN or Infinity; names the op and where it was created. */
export class AnomalyError extends Error {
  override name = 'AnomalyError';

  constructor(
    /** The node's name (`LogBackward`, `DivBackward`, ...). */
    readonly op: string,
    /** Which of the op's inputs got the bad gradient. */
    readonly inputIndex: number,
    /** 'NaN' or 'Infinity' (the first bad value found). */
    readonly kind: 'NaN' | 'Infinity',
    /** The forward call stack without @poise/tensor's own frames, the call site first (null if not captured). */
    readonly forwardStack: string | null,
  ) {
    super(
      `detectAnomaly: function '${op}' returned ${kind} values in its ${inputIndex}th output (the gradient of its input ${inputIndex}). ` +
        (forwardStack === null
          ? 'The forward call was made outside detectAnomaly, so its call site is unknown.'
          : `It was created by the forward call\n${forwardStack}`),
    );
  }
}

// This file is <pkg>/src/autograd/anomaly.ts or <pkg>/dist/autograd/anomaly.js: frames under <pkg>/src and
// <pkg>/dist are the library's own, and the user's call site is the first frame after them.
const PKG = __dirname.replace(/[\\/](src|dist)[\\/]autograd$/, '');
const OWN = [`${PKG}/src/`, `${PKG}/dist/`, `${PKG}\\src\\`, `${PKG}\\dist\\`];

/** The current stack without this library's and Node's internal frames (at most 10); only in anomaly mode. */
export function captureForwardStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50; // enough to get past the library's own frames
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames = stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((f) => !OWN.some((p) => f.includes(p)) && !f.includes('(node:internal/') && !f.startsWith('at node:internal/'));
  return frames.slice(0, 10).map((f) => `    ${f}`).join('\n');
}

/** Throws an AnomalyError if a gradient computed by `op` holds NaN or Infinity. */
export function checkGradients(op: string, forwardStack: string | null, grads: readonly (Tensor | null | undefined)[]): void {
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    if (g === null || g === undefined || (g.dtype !== 'float32' && g.dtype !== 'float64')) continue;
    const values = g.toTypedArray();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v - v !== 0) throw new AnomalyError(op, k, Number.isNaN(v) ? 'NaN' : 'Infinity', forwardStack); // NaN or +-Infinity
    }
  }
}
