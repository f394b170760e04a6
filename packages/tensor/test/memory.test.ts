import { afterEach, describe, expect, it } from 'vitest';
import { JsBackend, dispose, getBackend, keep, ones, setBackend, tidy, type Backend, type TypedArray } from '../src';

/** The js backend plus a `free` that records what it frees, to watch tidy/dispose/keep on any backend. */
function counting(): Backend<TypedArray> & { freed: Set<TypedArray> } {
  const b = Object.create(new JsBackend()) as Backend<TypedArray> & { freed: Set<TypedArray> };
  Object.defineProperty(b, 'name', { value: 'counting' });
  b.freed = new Set();
  b.free = (data: TypedArray): void => {
    if (b.freed.has(data)) throw new Error('freed twice');
    b.freed.add(data);
  };
  return b;
}

describe('tidy, dispose and keep (backend-agnostic memory scopes)', () => {
  const previous = getBackend();
  afterEach(() => setBackend(previous));

  it('free everything made in a scope except what is returned, once, and compose when nested', () => {
    const b = counting();
    setBackend(b as Backend);
    const outside = ones([2]);
    let inner: ReturnType<typeof ones> | null = null;
    const out = tidy(() => {
      const t = tidy(() => {
        const tmp = outside.add(1);
        inner = tmp.mul(2);
        return [inner];
      })[0];
      expect(b.freed.size).toBe(1); // tmp (`x + 1` and `x * 2` make no scalar operand tensors); inner is returned
      return { t: t.view(2), s: keep(t.sum()) };
    });
    expect(b.freed.has(outside.storage.data as TypedArray)).toBe(false);
    expect(out.t.isDisposed).toBe(false);
    expect(out.t.storage).toBe(inner!.storage);
    expect(out.t.tolist()).toEqual([4, 4]);
    const count = b.freed.size;
    dispose(out);
    expect(out.t.isDisposed).toBe(true);
    expect(b.freed.size).toBe(count + 2);
    out.t.dispose(); // idempotent
    expect(() => tidy(() => { ones([1]).add(1); throw new Error('x'); })).toThrow('x');
    expect(b.freed.size).toBe(count + 4); // the two above, and ones([1]) and the sum
  });

  it('records nothing for backends without free (js)', () => {
    setBackend('js');
    const y = tidy(() => ones([2]).add(1));
    expect(y.isDisposed).toBe(false);
    y.dispose();
    expect(y.isDisposed).toBe(true);
    expect(() => tidy((() => Promise.resolve(1)) as never)).toThrow(/synchronous/);
  });
});
