/**
 * Turns the bytes of a names file into words, or says precisely what is wrong with them. makemore only
 * works with lowercase a-z names (its vocabulary is those 26 letters plus '.'), so anything else in the
 * file (a CRLF, a capital, an accent, a blank line, a byte that is not UTF-8) is a sign of the wrong or a
 * damaged file, and an error here is far cheaper than a silently different vocabulary later.
 */
import { DatasetFormatError } from '../errors';
import { firstInvalidUtf8 } from '../files/utf8';

export interface ParseContext {
  /** The file the bytes came from, for messages. */
  file: string;
  /** Whether a checksum vouches for the bytes; if not, a missing final newline means truncation. */
  verified: boolean;
  /** The bytes' SHA-256, for the truncation message. */
  sha256: string;
  /** Where the right file goes (appended to every message). */
  where: string;
}

const WORD = /^[a-z]+$/;

/** The names in a names file, in file order; splits lines like Python's `str.splitlines()` would here. */
export function parseNames(bytes: Uint8Array, ctx: ParseContext): string[] {
  const fail = (problem: DatasetFormatError['problem'], what: string, line?: number): never => {
    throw new DatasetFormatError(`names: ${ctx.file} ${what}. ${ctx.where}`, 'names', ctx.file, problem, line);
  };
  if (bytes.length === 0) fail('empty', 'is empty');
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const line = 1 + countNewlines(bytes, bad);
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it starts like a gzip file: decompress it first)' : '';
    fail('invalid-utf8', `is not valid UTF-8 text: byte ${bad} (line ${line}) is 0x${hex(bytes[bad])}${gzip}`, line);
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  for (let i = 0; i < lines.length; i++) {
    if (!WORD.test(lines[i])) fail('invalid-line', describeBadLine(lines[i], i + 1), i + 1);
  }
  if (!endsWithNewline && !ctx.verified) {
    fail(
      'truncated',
      `looks truncated: its last line (line ${lines.length}, ${JSON.stringify(lines[lines.length - 1])}) has no newline after it. ` +
        `A complete file ends every line with a newline, except makemore's own names.txt, which is recognized by its ` +
        `SHA-256; this file's is ${ctx.sha256}. If the file is complete, add the final newline or pass its sha256 option`,
      lines.length,
    );
  }
  return lines;
}

function describeBadLine(line: string, n: number): string {
  if (line === '') return `has an empty line (line ${n}); every line must hold one name`;
  if (line.endsWith('\r')) return `has Windows line endings (CRLF) at line ${n}; convert it to LF (\\n) line endings`;
  const ch = [...line].find((c) => !/[a-z]/.test(c)) ?? line[0];
  const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const shown = line.length > 40 ? `${line.slice(0, 40)}...` : line;
  const bom = code === 'FEFF' ? ' (a byte-order mark: save the file as UTF-8 without BOM)' : '';
  return `has a name that is not lowercase a-z at line ${n}: ${JSON.stringify(shown)} contains ${JSON.stringify(ch)} (U+${code})${bom}`;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
