/**
 * The one network call of this package, behind a `fetch`-shaped parameter so tests (and users behind a
 * proxy, or with their own HTTP client) can supply it. Transport failures are returned, not thrown:
 * a dataset that cannot be downloaded falls back to the next source, whereas a download that arrives
 * with the wrong bytes is an error (see resolve-download.ts).
 */

/** The part of a WHATWG `Response` this package reads. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  statusText?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The part of WHATWG `fetch` this package calls; `globalThis.fetch` fits. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<FetchResponse>;

export type FetchOutcome = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** GETs `url` with a time limit; returns the body, or why there is none. */
export async function fetchBytes(url: string, fetchImpl: FetchLike | undefined, timeoutMs: number): Promise<FetchOutcome> {
  const f = fetchImpl ?? (globalThis.fetch as unknown as FetchLike | undefined);
  if (typeof f !== 'function') return { ok: false, reason: 'no fetch implementation is available' };
  try {
    const res = await f(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
    return { ok: true, bytes: new Uint8Array(await res.arrayBuffer()) };
  } catch (e) {
    const err = e as Error & { cause?: { message?: string } };
    const detail = err.cause?.message ? ` (${err.cause.message})` : '';
    return { ok: false, reason: `${err.message ?? String(e)}${detail}` };
  }
}
