import { vi } from 'vitest';

import type { FetchLike } from '../../src';

/** A fetch that answers every request with `body` (status 200 unless given). */
export function fetchReturning(body: Uint8Array | string, status = 200) {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return vi.fn<FetchLike>(async () => ({
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 404 ? 'Not Found' : '',
    arrayBuffer: async () => new Uint8Array(bytes).buffer, // a copy: a Buffer's .buffer may be a larger pool
  }));
}

/** A fetch that fails the way Node's does without a network. */
export function fetchFailing() {
  return vi.fn<FetchLike>(async () => {
    throw Object.assign(new TypeError('fetch failed'), { cause: new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com') });
  });
}
