import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AnomalyError, detectAnomaly, isAnomalyEnabled, tensor, type Tensor } from '../src';

/** The 1-based line of this file that holds `marker` (so the expected call sites survive edits). */
const source = readFileSync(__filename, 'utf8').split('\n');
const lineOf = (marker: string) => source.findIndex((l) => l.includes(marker) && !l.includes('lineOf')) + 1;

function anomalyOf(fn: () => void): AnomalyError {
  try {
    detectAnomaly(fn);
  } catch (e) {
    if (e instanceof AnomalyError) return e;
    throw e;
  }
  throw new Error('expected an AnomalyError');
}

const leaf = (values: number[]) => tensor(values, { dtype: 'float32', requiresGrad: true });

describe('detectAnomaly names the first op whose gradient is NaN or Infinity, and its forward call site', () => {
  it('log(0) * 0: the forward is NaN, the product rule passes 0 down, and LogBackward makes 0 / 0', () => {
    const x = leaf([0, 1]);
    const e = anomalyOf(() => {
      const y = x.log().mul(0); // anomaly: log
      y.sum().backward();
    });
    expect(e.op).toBe('LogBackward');
    expect(e.kind).toBe('NaN');
    expect(e.inputIndex).toBe(0);
    expect(e.forwardStack!.split('\n')[0]).toContain(`anomaly.test.ts:${lineOf('// anomaly: log')}:`);
    expect(e.message).toMatch(/^detectAnomaly: function 'LogBackward' returned NaN values in its 0th output/);
    expect(x.grad).toBeNull(); // backward stopped before reaching the leaf
  });

  it('sqrt at 0: the derivative 1 / (2 sqrt(x)) is Infinity', () => {
    const x = leaf([0, 4]);
    const e = anomalyOf(() => {
      const h = x.mul(3).add(1).sub(1).div(3);
      h.sqrt().sum().backward(); // anomaly: sqrt
    });
    expect(e.op).toBe('SqrtBackward');
    expect(e.kind).toBe('Infinity');
    expect(e.forwardStack!.split('\n')[0]).toContain(`anomaly.test.ts:${lineOf('// anomaly: sqrt')}:`);
  });

  it('division by zero: the gradient of the numerator is 1 / 0', () => {
    const a = leaf([1, 2]);
    const b = leaf([1, 0]);
    const e = anomalyOf(() => {
      const q = helperDivide(a, b);
      q.sum().backward();
    });
    expect(e.op).toBe('DivBackward');
    expect(e.kind).toBe('Infinity');
    // The first frame is the line in user code that called the op; the rest of the stack follows.
    const frames = e.forwardStack!.split('\n');
    expect(frames[0]).toContain(`anomaly.test.ts:${lineOf('// anomaly: div')}:`);
    expect(frames[1]).toContain(`anomaly.test.ts:${lineOf('const q = helperDivide')}:`);
  });

  it('finite graphs run as usual, and the mode is off again afterwards (also after a throw)', () => {
    const x = leaf([1, 2]);
    const y = detectAnomaly(() => {
      const out = x.tanh().mul(x).sum();
      out.backward();
      return out;
    });
    expect(y.gradFn!.forwardStack).not.toBeNull();
    expect(x.grad!.shape).toEqual([2]);
    expect(isAnomalyEnabled()).toBe(false);
    expect(() => detectAnomaly(() => { throw new RangeError('boom'); })).toThrow('boom');
    expect(isAnomalyEnabled()).toBe(false);
    expect(detectAnomaly(() => detectAnomaly(() => isAnomalyEnabled()))).toBe(true);
    expect(isAnomalyEnabled()).toBe(false);
  });

  it('costs nothing outside: no stacks are captured and NaN gradients pass silently, as in PyTorch', () => {
    const x = leaf([0, 1]);
    const y = x.log().mul(0);
    expect(y.gradFn!.forwardStack).toBeNull();
    y.sum().backward();
    expect(Number.isNaN(x.grad!.toTypedArray()[0])).toBe(true);
  });

  it('a graph built outside but run backward inside is checked, with the call site reported as unknown', () => {
    const x = leaf([0]);
    const y = x.sqrt().sum();
    const e = anomalyOf(() => y.backward());
    expect(e.op).toBe('SqrtBackward');
    expect(e.forwardStack).toBeNull();
    expect(e.message).toContain('outside detectAnomaly');
  });
});

function helperDivide(a: Tensor, b: Tensor): Tensor {
  return a.div(b); // anomaly: div
}
