import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256 of some bytes: the one checksum every dataset file is pinned by. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True for a 64-digit hex string (either case), the form a SHA-256 option must have. */
export function isSha256Hex(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9a-fA-F]{64}$/.test(s);
}
