/**
 * @poise/datasets: the data of poise's studies, resolved local-first (explicit path, `$POISE_DATA`, the
 * user cache, a SHA-256-checked download, an embedded stand-in with a notice): makemore's names and its
 * train/val/test tensors built exactly as the seeds' Python builds them, and MNIST with an idx reader.
 */
export { names, namesSync, type NamesOptions, type NamesSyncOptions, type NamesResult } from './names/names';
export { NAMES_FILE, NAMES_COUNT } from './names/names-file';
export { embeddedNames, EMBEDDED_NAMES_PACKAGES } from './names/embedded-names';
export { makemore, type MakemoreOptions, type MakemoreDataset } from './makemore/makemore';
export { buildVocabulary, type Vocabulary } from './makemore/vocabulary';
export { buildDataset, type Split } from './makemore/build-dataset';
export {
  mnist, mnistSync, type MnistOptions, type MnistSyncOptions, type MnistDataset, type MnistSplitSource, type MnistFileSource,
} from './mnist/mnist';
export { type MnistSplit, type MnistNormalize } from './mnist/to-tensors';
export {
  MNIST_FILES, MNIST_MIRROR, MNIST_MEAN, MNIST_STD, MNIST_SIDE, MNIST_PIXELS,
  type MnistFile, type MnistSplitName, type MnistFileKind,
} from './mnist/mnist-files';
export { EMBEDDED_MNIST } from './mnist/embedded-mnist';
export { readIdx, readIdxFile, type IdxArray, type IdxDType, type IdxData, type ReadIdxOptions } from './mnist/idx';
export { dataDir, cacheDir } from './files/locations';
export type { DatasetFile, DataSource } from './files/dataset-file';
export type { FetchLike, FetchResponse } from './files/fetch-bytes';
export {
  DatasetError, DatasetNotFoundError, ChecksumMismatchError, DatasetFormatError, DatasetOptionError,
  type FormatProblem,
} from './errors';
