import { describe, expect, it } from 'vitest';

import { firstInvalidUtf8 } from '../src/files/utf8';

const decoder = new TextDecoder('utf-8', { fatal: true });
const valid = (bytes: Uint8Array) => {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('firstInvalidUtf8', () => {
  it('finds the offset of the first bad sequence', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('ascii, é, €, 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0x80]))).toBe(1); // lone continuation byte
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong '\0'
    expect(firstInvalidUtf8(new Uint8Array([0xe0, 0x80, 0x80]))).toBe(0); // overlong
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0x62, 0xe2, 0x82]))).toBe(2); // cut off at the end
  });

  it('agrees with TextDecoder on every 1- and 2-byte input and on random 3- and 4-byte ones', () => {
    const disagree: string[] = [];
    const check = (bytes: Uint8Array) => {
      if ((firstInvalidUtf8(bytes) === -1) !== valid(bytes)) disagree.push(Array.from(bytes, (b) => b.toString(16)).join(' '));
    };
    for (let a = 0; a < 256; a++) {
      check(new Uint8Array([a]));
      for (let b = 0; b < 256; b++) check(new Uint8Array([a, b]));
    }
    let s = 12345;
    const next = () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    for (let i = 0; i < 20_000; i++) {
      // Lead bytes from the multi-byte range, so most cases exercise the continuation rules.
      const lead = 0xc0 | (next() & 0x3f);
      check(new Uint8Array(i % 2 ? [lead, next(), next()] : [lead, next(), next(), next()]));
    }
    expect(disagree).toEqual([]);
  });
});
