import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { MNIST_FILES, MNIST_MIRROR } from '../src';
import { realMnistDir } from './helpers/env';
import { fixture } from './helpers/mnist-fixture';

const hash = (algo: string, b: Uint8Array) => createHash(algo).update(b).digest('hex');
const all = [MNIST_FILES.train.images, MNIST_FILES.train.labels, MNIST_FILES.test.images, MNIST_FILES.test.labels];

describe("MNIST's canonical files", () => {
  it("are torchvision's files on PyTorch's S3 mirror, with torchvision's MD5s", () => {
    expect(MNIST_MIRROR).toBe('https://ossci-datasets.s3.amazonaws.com/mnist/');
    expect(all.map((f) => [f.url, f.md5])).toEqual([
      ['https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz', 'f68b3c2dcbeaaa9fbdd348bbdeb94873'],
      ['https://ossci-datasets.s3.amazonaws.com/mnist/train-labels-idx1-ubyte.gz', 'd53e105ee54ea40749a09fcbcd1e9432'],
      ['https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz', '9fb629c4189551a2d022fa330f9573f3'],
      ['https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz', 'ec29112dd5afa0611ce80d1b7f02629c'],
    ]);
    expect(all.map((f) => f.fileName)).toEqual(all.map((f) => `mnist/${f.name}`));
    expect(all.map((f) => f.rawSize)).toEqual([47_040_016, 60_008, 7_840_016, 10_008]);
  });

  it('are pinned by the SHA-256, MD5, size and decompressed SHA-256 of the files in $POISE_DATA', () => {
    for (const f of [MNIST_FILES.train.labels, MNIST_FILES.test.images, MNIST_FILES.test.labels]) {
      const bytes = readFileSync(join(realMnistDir(), f.name));
      const raw = gunzipSync(bytes);
      expect([f.name, bytes.length, hash('sha256', bytes), hash('md5', bytes), raw.length, hash('sha256', raw)]).toEqual([
        f.name, f.size, f.sha256, f.md5, f.rawSize, f.rawSha256,
      ]);
      expect([f.size, f.sha256, f.md5, f.rawSha256]).toEqual([
        fixture.files[f.name].size, fixture.files[f.name].sha256, fixture.files[f.name].md5, fixture.files[f.name].raw_sha256,
      ]);
    }
  });
});
