/** The reference values of test/fixtures/mnist.json, written by test/fixtures/mnist_fixture.py (plain Python). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ImageSums {
  /** Sum of the 784 pixel bytes. */
  bytes: number;
  /** Sum, in pixel order as doubles, of torchvision's float32 p/255. */
  unit: number;
  /** The same for float32((p/255 - 0.1307) / 0.3081) with torchvision's roundings. */
  standard: number;
}

interface EmbeddedPart {
  count: number;
  histogram: number[];
  first_labels: number[];
  first_image: ImageSums;
  pixel_byte_sum: number;
}

export interface MnistFixture {
  files: Record<string, { size: number; sha256: string; md5: string; raw_sha256: string }>;
  test: {
    shape: number[];
    labels_shape: number[];
    histogram: number[];
    first_labels: number[];
    first_image: ImageSums;
    last_image: ImageSums;
    pixel_byte_sum: number;
  };
  train_labels: { shape: number[]; histogram: number[]; first_labels: number[]; histogram_first_10000: number[] };
  embedded: {
    count: number;
    digit_counts: number[];
    in_t10k: number;
    order_first: number[];
    all: { first_labels: number[]; first_image: ImageSums };
    train: EmbeddedPart;
    test: EmbeddedPart;
  };
  standard_of: Record<'0' | '255', number>;
}

export const fixture: MnistFixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'mnist.json'), 'utf8'));
