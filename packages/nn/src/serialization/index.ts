/**
 * Checkpoints in the safetensors format, interoperable with PyTorch: module state dicts (parameters and
 * buffers, e.g. BatchNorm running statistics) with `save`/`load`, optimizer state with
 * `saveOptimizer`/`loadOptimizer`. Writes are atomic; malformed files raise `SafetensorsError` subclasses.
 */
export {
  SafetensorsError, SafetensorsTruncatedError, SafetensorsHeaderError, SafetensorsOffsetError, SafetensorsDtypeError,
} from './errors';
export { save, load, loadFile, serialize, deserialize, type SaveOptions, type SafetensorsContents } from './safetensors';
export { saveOptimizer, loadOptimizer, flattenOptimizerState, unflattenOptimizerState } from './optimizer-state';
export type { SafetensorsDType } from './dtypes';
