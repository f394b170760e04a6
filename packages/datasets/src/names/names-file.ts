import type { DatasetFile } from '../files/dataset-file';

/**
 * makemore's `names.txt` (Karpathy): 32,033 lowercase first names, one per line, in descending order of
 * popularity (US Social Security data). The canonical file has no newline after its last name, so
 * "ends with a newline" alone cannot tell it from a truncated copy; its checksum can.
 */
export const NAMES_FILE: DatasetFile = {
  dataset: 'names',
  fileName: 'names.txt',
  url: 'https://raw.githubusercontent.com/karpathy/makemore/master/names.txt',
  sha256: '0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d',
  size: 228_145,
};

/** Number of names in the canonical file. */
export const NAMES_COUNT = 32_033;
