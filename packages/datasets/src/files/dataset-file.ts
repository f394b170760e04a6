/** What identifies one canonical dataset file, and what resolving it yields. */

/** A canonical file: the name it has on disk, where it is published, and the checksum that pins it. */
export interface DatasetFile {
  /** The dataset's name in messages, e.g. `names`. */
  dataset: string;
  /** The file name under `$POISE_DATA` and the cache, e.g. `names.txt`. */
  fileName: string;
  /** The canonical download URL. */
  url: string;
  /** Lowercase hex SHA-256 of the canonical bytes. */
  sha256: string;
  /** Size of the canonical file in bytes, to make checksum errors easier to read ("truncated?"). */
  size: number;
  /**
   * For a dataset of several files, whose `path` option takes the folder that holds them rather than one
   * file: what that folder must hold, for messages (e.g. `MNIST's four idx files`).
   */
  pathFolder?: string;
}

/** Where a dataset came from, in resolution order. */
export type DataSource = 'path' | 'env' | 'cache' | 'download' | 'embedded';

/** The bytes of a dataset file and where they were found. */
export interface LocatedFile {
  bytes: Uint8Array;
  source: Exclude<DataSource, 'embedded'>;
  /** The file path (for a download: the cache file it was saved to, or the URL if saving failed). */
  location: string;
  sha256: string;
  /**
   * True when a checksum vouches for the bytes (the canonical one, or the caller's `sha256`); false for an
   * explicit path with no checksum, whose contents must then be validated structurally.
   */
  verified: boolean;
}
