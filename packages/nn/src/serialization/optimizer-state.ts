/**
 * Optimizer state in a safetensors file. safetensors holds only named tensors and string metadata, so
 * torch.optim's nested `state_dict()` is flattened:
 *
 *   tensors   `state.<param index>.<entry>`: `state.0.exp_avg`, `state.0.exp_avg_sq`, `state.0.step` (0-d F32),
 *             `state.3.momentum_buffer`, ... (PyTorch's entry names; indices count parameters across groups)
 *   metadata  `param_groups`: the groups as JSON, PyTorch's keys (`[{"lr":0.001,"betas":[0.9,0.999],...,"params":[0,1]}]`)
 *             `optimizer`: the class name (`Adam`, `SGD`), checked on load
 *             `format`: `pt`
 *
 * In Python the nested dict comes back with `{'state': {int(i): {k: t}}, 'param_groups': json.loads(...)}`
 * and `optimizer.load_state_dict(...)` (see test/fixtures/safetensors_fixtures.py).
 */
import type { Tensor } from '@poise/tensor';
import type { Optimizer, OptimizerStateDict } from '../optim/optimizer';
import { SafetensorsHeaderError } from './errors';
import { loadFile, save, type SafetensorsContents, type SaveOptions } from './safetensors';

const STATE_KEY = /^state\.(0|[1-9][0-9]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** The flat tensors and metadata for an optimizer state dict. */
export function flattenOptimizerState(sd: OptimizerStateDict, optimizerName?: string): SafetensorsContents {
  const tensors: Record<string, Tensor> = {};
  for (const [index, entry] of Object.entries(sd.state)) {
    for (const [name, value] of Object.entries(entry)) {
      if (value === null) continue; // None in PyTorch (plain SGD's momentum_buffer): nothing to store
      if (typeof value === 'number') throw new TypeError(`flattenOptimizerState: state ${index}.${name} is a number; optimizer stateDict() gives tensors`);
      tensors[`state.${index}.${name}`] = value;
    }
  }
  const metadata: Record<string, string> = { format: 'pt' };
  if (optimizerName !== undefined) metadata.optimizer = optimizerName;
  metadata.param_groups = JSON.stringify(sd.param_groups);
  return { tensors, metadata };
}

/** The inverse of `flattenOptimizerState`; `file` names the source in errors. */
export function unflattenOptimizerState(contents: SafetensorsContents, file = '<bytes>'): OptimizerStateDict {
  const raw = contents.metadata.param_groups;
  if (raw === undefined) throw new SafetensorsHeaderError(file, null, "no 'param_groups' in __metadata__: not an optimizer checkpoint");
  let groups: unknown;
  try {
    groups = JSON.parse(raw);
  } catch (e) {
    throw new SafetensorsHeaderError(file, null, `__metadata__ param_groups is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(groups) || !groups.every((g) => g !== null && typeof g === 'object' && Array.isArray(g.params))) {
    throw new SafetensorsHeaderError(file, null, '__metadata__ param_groups is not a list of groups with params');
  }
  const state: OptimizerStateDict['state'] = {};
  for (const [key, t] of Object.entries(contents.tensors)) {
    const m = STATE_KEY.exec(key);
    if (m === null) throw new SafetensorsHeaderError(file, key, "is not an optimizer state entry ('state.<index>.<name>')");
    (state[Number(m[1])] ??= {})[m[2]] = t;
  }
  return { state, param_groups: groups };
}

/** Saves `optimizer.stateDict()` to `path` atomically, in the layout above. */
export function saveOptimizer(optimizer: Optimizer<{ lr: number }>, path: string, opts: Pick<SaveOptions, 'metadata'> = {}): void {
  const { tensors, metadata } = flattenOptimizerState(optimizer.stateDict(), optimizer.constructor.name);
  save(tensors, path, { metadata: { ...opts.metadata, ...metadata } });
}

/** Restores an optimizer from a file written by `saveOptimizer` (or by PyTorch in the same layout). */
export function loadOptimizer(optimizer: Optimizer<{ lr: number }>, path: string): void {
  const contents = loadFile(path);
  const saved = contents.metadata.optimizer;
  if (saved !== undefined && saved !== optimizer.constructor.name) {
    throw new SafetensorsHeaderError(path, null, `holds ${saved} state; cannot load it into ${optimizer.constructor.name}`);
  }
  optimizer.loadStateDict(unflattenOptimizerState(contents, path));
}
