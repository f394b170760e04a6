/**
 * The errors of @poise/datasets. Each failure mode has its own class so that callers (the `poise` CLI,
 * notebooks, tests) can tell "the file is not there" from "the file is there but wrong" without parsing
 * messages, and every message says which file, what was expected and where the right file goes.
 */

/** Base class: something about a dataset or its options is wrong. `dataset` names the dataset. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(
    message: string,
    readonly dataset: string,
  ) {
    super(message);
  }
}

/** The file that was asked for (an explicit `path`, or any source when the fallback is off) does not exist. */
export class DatasetNotFoundError extends DatasetError {
  override name = 'DatasetNotFoundError';
  constructor(
    message: string,
    dataset: string,
    /** The path that was looked at, when there was one. */
    readonly file?: string,
  ) {
    super(message, dataset);
  }
}

/** A file or download whose SHA-256 is not the one expected: corrupt, truncated, or a different file. */
export class ChecksumMismatchError extends DatasetError {
  override name = 'ChecksumMismatchError';
  constructor(
    message: string,
    dataset: string,
    /** The file path, or the URL for a download. */
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(message, dataset);
  }
}

/**
 * Why a file's contents were refused. Text files (names): `'empty'`, `'invalid-utf8'`, `'invalid-line'`,
 * `'truncated'`. Binary idx files (MNIST): `'bad-gzip'` (starts like gzip but does not decompress),
 * `'bad-magic'` (not an idx header: the magic number, its type code or its number of dimensions is
 * wrong), `'truncated'` (fewer bytes than the header's dimensions need), `'trailing-data'` (more),
 * `'bad-shape'` (well-formed, but not the dimensions the dataset needs, or an image file and a label file
 * that disagree on the count) and `'bad-value'` (a value out of range, such as a label of 10).
 */
export type FormatProblem =
  | 'empty'
  | 'invalid-utf8'
  | 'invalid-line'
  | 'truncated'
  | 'bad-gzip'
  | 'bad-magic'
  | 'trailing-data'
  | 'bad-shape'
  | 'bad-value';

/** A file whose contents are not a well-formed dataset (checked when no checksum vouches for it). */
export class DatasetFormatError extends DatasetError {
  override name = 'DatasetFormatError';
  /** For a file of the wrong length: the byte count its header implies (after decompression). */
  readonly expectedBytes?: number;
  /** For a file of the wrong length: the byte count it has (after decompression, as far as it goes). */
  readonly actualBytes?: number;
  constructor(
    message: string,
    dataset: string,
    readonly file: string,
    readonly problem: FormatProblem,
    /** 1-based line of the problem, where it has one. */
    readonly line?: number,
    sizes?: { expected: number; actual: number },
  ) {
    super(message, dataset);
    if (sizes) {
      this.expectedBytes = sizes.expected;
      this.actualBytes = sizes.actual;
    }
  }
}

/** An option or argument that is out of range or of the wrong type. */
export class DatasetOptionError extends DatasetError {
  override name = 'DatasetOptionError';
}
