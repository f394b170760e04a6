import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { DatasetFormatError, DatasetNotFoundError, readIdx, readIdxFile } from '../src';
import { fixture } from './helpers/mnist-fixture';
import { realMnistDir, useSandbox } from './helpers/env';

/** An idx file: magic 0x0000 <code> <ndim>, big-endian uint32 dims, then `body`. */
function idx(code: number, dims: number[], body: Uint8Array | number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = code;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(body)]);
}

/** The DatasetFormatError that readIdx throws for `bytes`. */
function formatError(bytes: Uint8Array, file = 'some.idx'): DatasetFormatError {
  let err: unknown;
  try {
    readIdx(bytes, { file, dataset: 'mnist' });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DatasetFormatError);
  const e = err as DatasetFormatError;
  expect(e.name).toBe('DatasetFormatError');
  expect(e.file).toBe(file);
  expect(e.dataset).toBe('mnist');
  expect(e.message).toContain(file);
  return e;
}

describe('readIdx: the idx format', () => {
  const box = useSandbox();
  const t10kImages = () => readFileSync(join(realMnistDir(), 't10k-images-idx3-ubyte.gz'));
  const t10kLabels = () => readFileSync(join(realMnistDir(), 't10k-labels-idx1-ubyte.gz'));

  it("reads MNIST's gzipped t10k files: 10,000 uint8 images of 28×28 and their labels", () => {
    const images = readIdx(t10kImages());
    expect(images.dtype).toBe('uint8');
    expect(images.shape).toEqual([10_000, 28, 28]);
    expect(images.data).toBeInstanceOf(Uint8Array);
    expect(images.data.length).toBe(7_840_000);
    let sum = 0;
    for (const v of images.data) sum += v;
    expect(sum).toBe(fixture.test.pixel_byte_sum);
    let first = 0;
    for (let i = 0; i < 784; i++) first += images.data[i];
    expect(first).toBe(fixture.test.first_image.bytes);
    const labels = readIdxFile(join(realMnistDir(), 't10k-labels-idx1-ubyte.gz'));
    expect(labels.shape).toEqual([10_000]);
    expect(Array.from(labels.data.subarray(0, 10))).toEqual(fixture.test.first_labels);
  });

  it('reads the decompressed file the same (gzip is recognized by its magic bytes, not the name)', () => {
    const raw = gunzipSync(t10kLabels());
    const a = readIdx(raw);
    const b = readIdx(t10kLabels());
    expect(a).toEqual(b);
    // The elements are a copy, never a view of the caller's buffer.
    raw[8] = 9;
    expect(a.data[0]).toBe(7);
  });

  it('decodes every element type, big-endian', () => {
    const be = (n: number, write: (b: Buffer) => void) => {
      const b = Buffer.alloc(n);
      write(b);
      return b;
    };
    expect(readIdx(idx(0x09, [3], [0xff, 0x01, 0x80]))).toEqual({ dtype: 'int8', shape: [3], data: new Int8Array([-1, 1, -128]) });
    expect(readIdx(idx(0x0b, [2], be(4, (b) => { b.writeInt16BE(-2, 0); b.writeInt16BE(300, 2); })))).toEqual({
      dtype: 'int16', shape: [2], data: new Int16Array([-2, 300]),
    });
    expect(readIdx(idx(0x0c, [1, 2], be(8, (b) => { b.writeInt32BE(-70000, 0); b.writeInt32BE(5, 4); })))).toEqual({
      dtype: 'int32', shape: [1, 2], data: new Int32Array([-70000, 5]),
    });
    expect(readIdx(idx(0x0d, [2], be(8, (b) => { b.writeFloatBE(0.5, 0); b.writeFloatBE(-3.25, 4); })))).toEqual({
      dtype: 'float32', shape: [2], data: new Float32Array([0.5, -3.25]),
    });
    expect(readIdx(gzipSync(idx(0x0e, [1], be(8, (b) => b.writeDoubleBE(Math.PI, 0)))))).toEqual({
      dtype: 'float64', shape: [1], data: new Float64Array([Math.PI]),
    });
  });

  it('a bad magic number is a named error: not zero-prefixed, an unknown type code, no dimensions', () => {
    const e1 = formatError(Buffer.from('<html>not found</html>'));
    expect(e1.problem).toBe('bad-magic');
    expect(e1.message).toBe(
      'mnist: some.idx is not an idx file: its magic number is 0x3C68746D, where an idx file starts 0x0000 (then the type code and the number of dimensions, e.g. 0x00000803 for MNIST images)',
    );
    const e2 = formatError(idx(0x07, [1], [0]));
    expect(e2.problem).toBe('bad-magic');
    expect(e2.message).toContain('type code 0x07');
    const e3 = formatError(Buffer.from([0, 0, 8, 0]));
    expect(e3.problem).toBe('bad-magic');
    expect(e3.message).toContain('0 dimensions');
  });

  it('short data is "truncated", with the expected and actual sizes', () => {
    const labels = gunzipSync(t10kLabels());
    const e = formatError(labels.subarray(0, 5008), 't10k-labels-idx1-ubyte');
    expect(e.problem).toBe('truncated');
    expect([e.expectedBytes, e.actualBytes]).toEqual([10_008, 5008]);
    expect(e.message).toBe(
      "mnist: t10k-labels-idx1-ubyte is truncated: its header says 10000 uint8, which takes 10008 bytes with the header, but it has 5008 (5000 short). The file is cut off, or its dimensions are wrong",
    );
    // Cut inside the header, or before the magic number ends.
    const h = formatError(labels.subarray(0, 6));
    expect([h.problem, h.expectedBytes, h.actualBytes]).toEqual(['truncated', 8, 6]);
    const m = formatError(labels.subarray(0, 3));
    expect([m.problem, m.expectedBytes, m.actualBytes]).toEqual(['truncated', 4, 3]);
    expect(formatError(new Uint8Array(0)).problem).toBe('empty');
  });

  it('wrong dimensions are caught by the exact length, either way', () => {
    const raw = Buffer.from(gunzipSync(t10kImages()));
    raw.writeUInt32BE(29, 12); // 28×29 instead of 28×28
    const more = formatError(raw);
    expect([more.problem, more.expectedBytes, more.actualBytes]).toEqual(['truncated', 16 + 10_000 * 28 * 29, 7_840_016]);
    expect(more.message).toContain('10000×28×29 uint8');
    raw.writeUInt32BE(27, 12);
    const fewer = formatError(raw);
    expect([fewer.problem, fewer.expectedBytes, fewer.actualBytes]).toEqual(['trailing-data', 16 + 10_000 * 28 * 27, 7_840_016]);
    expect(fewer.message).toContain('has 280000 bytes after its data');
  });

  it('a truncated gzip file is "truncated" and says how much of the idx data arrived', () => {
    const gz = t10kImages();
    const e = formatError(gz.subarray(0, 800_000), 't10k-images-idx3-ubyte.gz');
    expect(e.problem).toBe('truncated');
    expect(e.expectedBytes).toBe(7_840_016);
    expect(e.actualBytes).toBeGreaterThan(16);
    expect(e.actualBytes).toBeLessThan(7_840_016);
    expect(e.message).toContain('is a truncated gzip file (800000 bytes; the gzip stream ends early)');
    expect(e.message).toContain(`where its idx header says 7840016`);
    // Cut in the gzip trailer only: all the data is there, the CRC and length are not.
    const t = formatError(gz.subarray(0, gz.length - 4));
    expect([t.problem, t.expectedBytes, t.actualBytes]).toEqual(['truncated', 7_840_016, 7_840_016]);
    expect(t.message).toContain('the end of the gzip stream (its CRC and length) is cut off');
    // Cut inside the gzip header: nothing to decompress.
    const h = formatError(gz.subarray(0, 5));
    expect(h.problem).toBe('truncated');
    expect(h.expectedBytes).toBeUndefined();
  });

  it('a corrupt gzip file is "bad-gzip": a wrong CRC, invalid compressed data', () => {
    const gz = Buffer.from(t10kLabels());
    const crc = Buffer.from(gz);
    crc[crc.length - 8] ^= 0xff; // the CRC-32 in the trailer
    const e = formatError(crc);
    expect(e.problem).toBe('bad-gzip');
    expect(e.message).toMatch(/starts like a gzip file but cannot be decompressed \(.*incorrect data check.*\): it is corrupt/);
    const data = Buffer.from(gz);
    data.fill(0xff, 40, 60); // garbage in the deflate stream
    expect(formatError(data).problem).toBe('bad-gzip');
  });

  it('readIdxFile names a missing file', () => {
    const missing = join(box.root, 'nope.idx');
    expect(() => readIdxFile(missing)).toThrow(DatasetNotFoundError);
    const file = join(box.root, 'x.idx');
    writeFileSync(file, Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 1]));
    const err = (() => {
      try {
        readIdxFile(file);
      } catch (e) {
        return e as DatasetFormatError;
      }
    })();
    expect(err?.file).toBe(file);
    expect([err?.problem, err?.expectedBytes, err?.actualBytes]).toEqual(['truncated', 10, 9]);
  });
});
