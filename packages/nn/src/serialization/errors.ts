/**
 * Named errors for reading and writing safetensors files. Every message names the file (or `<bytes>` for
 * in-memory data), the tensor when one is at fault, and the problem, so a bad checkpoint can be diagnosed
 * from the message alone. Catch `SafetensorsError` for all of them, or a subclass for one kind.
 */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';

  constructor(
    /** The file (or `<bytes>`) being read or written. */
    readonly file: string,
    /** The tensor at fault, or null when the problem is the file as a whole. */
    readonly tensor: string | null,
    /** The problem, without the file and tensor prefix. */
    readonly problem: string,
  ) {
    super(`safetensors: ${file}: ${tensor === null ? '' : `tensor '${tensor}': `}${problem}`);
  }
}

/** The file ends before the data its header promises (a partial copy or an interrupted download). */
export class SafetensorsTruncatedError extends SafetensorsError {
  override name = 'SafetensorsTruncatedError';
}

/** The header is not valid UTF-8 JSON of the expected form (entries, shapes, metadata). */
export class SafetensorsHeaderError extends SafetensorsError {
  override name = 'SafetensorsHeaderError';
}

/**
 * The header lies about the data: offsets outside the buffer, overlapping tensors, holes between them,
 * or a byte span that does not equal shape x dtype size.
 */
export class SafetensorsOffsetError extends SafetensorsError {
  override name = 'SafetensorsOffsetError';
}

/** A dtype poise cannot hold (F16, BF16, U8, ...), or an I64/BOOL value that does not fit its poise dtype. */
export class SafetensorsDtypeError extends SafetensorsError {
  override name = 'SafetensorsDtypeError';
}
