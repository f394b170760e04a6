import { Tensor, noGrad, readValues, tensor, updateInPlace, type TypedArray } from '@poise/tensor';

/** Merges options over defaults, ignoring keys set to undefined (so `{ momentum: undefined }` keeps the default). */
export function withDefaults<H extends object>(defaults: H, options: Partial<H> | undefined): H {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** A set of parameters with its own hyperparameters (e.g. PReLU slopes without weight decay). */
export interface ParamGroup<H> {
  params: Tensor[];
  options: H;
}

export type ParamsArg<H> = Iterable<Tensor> | { params: Iterable<Tensor>; options?: Partial<H> }[];

/**
 * An optimizer's state in torch.optim's `state_dict()` layout: `state` maps a parameter's index (counted
 * across groups in order) to its entries under PyTorch's names (`momentum_buffer`; `step`, `exp_avg`,
 * `exp_avg_sq`, `max_exp_avg_sq`), and `param_groups` holds each group's hyperparameters under PyTorch's
 * names with the indices of its parameters. Buffers are tensors shaped like their parameter; a scalar such
 * as Adam's `step` is a 0-d float32 tensor, as in PyTorch 1.13. The tensors are copies.
 */
export interface OptimizerStateDict {
  state: Record<number, Record<string, Tensor | number | null>>;
  param_groups: ({ params: number[] } & Record<string, unknown>)[];
}

/** How one per-parameter state entry is named in PyTorch and what it holds. */
export interface StateKey {
  torch: string;
  /** A buffer shaped like the parameter, or a scalar (a JS number here, a 0-d tensor in the state dict). */
  kind: 'buffer' | 'scalar';
}

type ParamState = Record<string, Float32Array | Float64Array | number>;

/**
 * What every optimizer shares: parameter groups with per-group hyperparameters, per-parameter state, and
 * `zeroGrad`. Subclasses implement `update` for one parameter with fused typed-array loops.
 */
export abstract class Optimizer<H extends { lr: number }> {
  readonly paramGroups: ParamGroup<H>[];
  protected readonly state = new Map<Tensor, ParamState>();
  /** Internal state key -> PyTorch's name and kind, for `stateDict`/`loadStateDict`. */
  protected abstract readonly stateKeys: Readonly<Record<string, StateKey>>;

  constructor(params: ParamsArg<H>, defaults: H, name: string) {
    const list = [...(params as Iterable<unknown>)];
    const groups: { params: Iterable<Tensor>; options?: Partial<H> }[] =
      list.length > 0 && !(list[0] instanceof Tensor) ? (list as { params: Iterable<Tensor>; options?: Partial<H> }[]) : [{ params: list as Tensor[] }];
    this.paramGroups = groups.map((g) => {
      const ps = [...g.params];
      ps.forEach((p, i) => {
        if (!(p instanceof Tensor)) throw new TypeError(`${name}: parameter ${i} is not a Tensor`);
        if (!p.isLeaf) throw new Error(`${name}: can't optimize a non-leaf Tensor (parameter ${i})`);
      });
      const options = withDefaults(defaults, g.options);
      this.validate(options, name);
      return { params: ps, options };
    });
    if (this.paramGroups.every((g) => g.params.length === 0)) throw new RangeError(`${name}: got an empty parameter list`);
  }

  protected validate(options: H, name: string): void {
    for (const [k, v] of Object.entries(options)) {
      if (typeof v === 'number' && (!Number.isFinite(v) || v < 0)) throw new RangeError(`${name}: invalid ${k}: ${v} (must be a finite, non-negative number)`);
    }
  }

  /** Sets every gradient to null (PyTorch's default `set_to_none=True`). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** One optimisation step over every parameter that has a gradient. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          if (p.grad.dtype !== p.dtype) throw new TypeError(`${this.constructor.name}: gradient dtype ${p.grad.dtype} differs from parameter dtype ${p.dtype}`);
          const grad = readValues(p.grad);
          let st = this.state.get(p);
          if (st === undefined) {
            st = {};
            this.state.set(p, st);
          }
          const state = st;
          updateInPlace(p, (values) => this.update(values, grad, state, group.options));
        }
      }
    });
  }

  /** A group's hyperparameters under PyTorch's names (`weight_decay`, `betas`, ...), without `params`. */
  protected abstract groupToTorch(options: H): Record<string, unknown>;

  /** The inverse of `groupToTorch`: options from a PyTorch param group (keys it does not know are ignored). */
  protected abstract groupFromTorch(group: Record<string, unknown>): Partial<H>;

  /** The optimizer's state in torch.optim's `state_dict()` layout (copies; see `OptimizerStateDict`). */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const paramGroups: OptimizerStateDict['param_groups'] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const ids: number[] = [];
      for (const p of group.params) {
        const st = this.state.get(p);
        if (st !== undefined && Object.keys(st).length > 0) {
          const entry: Record<string, Tensor> = {};
          // PyTorch's entry order (step, exp_avg, ...) whatever order the state was filled or loaded in.
          const keys = [...Object.keys(this.stateKeys).filter((k) => k in st), ...Object.keys(st).filter((k) => !(k in this.stateKeys))];
          for (const key of keys) {
            const value = st[key];
            const name = this.stateKeys[key]?.torch ?? key;
            entry[name] = typeof value === 'number' ? tensor(new Float32Array([value]), { shape: [] }) : tensor(value.slice(), { shape: p.shape });
          }
          state[index] = entry;
        }
        ids.push(index++);
      }
      paramGroups.push({ ...this.groupToTorch(group.options), params: ids });
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Restores state from `stateDict()` (ours or PyTorch's, same layout), like `optimizer.load_state_dict`:
   * the groups must match this optimizer's in number and size, and their hyperparameters replace the
   * current ones. Everything is validated before anything changes.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const name = this.constructor.name;
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.param_groups) || sd.state === null || typeof sd.state !== 'object') {
      throw new TypeError(`${name}.loadStateDict: expected { state, param_groups }`);
    }
    if (sd.param_groups.length !== this.paramGroups.length) {
      throw new RangeError(`${name}.loadStateDict: loaded state dict has ${sd.param_groups.length} parameter group(s), the optimizer has ${this.paramGroups.length}`);
    }
    const byTorchName = new Map(Object.entries(this.stateKeys).map(([key, k]) => [k.torch, { key, kind: k.kind }]));
    const newState = new Map<Tensor, ParamState>();
    const newOptions: H[] = [];
    this.paramGroups.forEach((group, gi) => {
      const loaded = sd.param_groups[gi];
      if (!Array.isArray(loaded.params) || loaded.params.length !== group.params.length) {
        throw new RangeError(
          `${name}.loadStateDict: parameter group ${gi} has ${Array.isArray(loaded.params) ? loaded.params.length : 'no'} parameter(s) in the state dict, ` +
            `${group.params.length} in the optimizer`,
        );
      }
      const options = { ...group.options, ...this.groupFromTorch(loaded) };
      this.validate(options, name);
      newOptions.push(options);
      group.params.forEach((p, k) => {
        const id = loaded.params[k];
        const entry = (sd.state as Record<string, Record<string, Tensor | number | null>>)[String(id)];
        if (entry === undefined) return;
        const st: ParamState = {};
        for (const [torchName, value] of Object.entries(entry)) {
          if (value === null) continue; // PyTorch's momentum_buffer: None (plain SGD)
          const spec = byTorchName.get(torchName);
          if (spec === undefined) throw new RangeError(`${name}.loadStateDict: unknown state entry '${torchName}' for parameter ${id}`);
          st[spec.key] = spec.kind === 'scalar' ? scalarOf(value, `${name}.loadStateDict: state ${id}.${torchName}`) : bufferFor(p, value, `${name}.loadStateDict: state ${id}.${torchName}`);
        }
        newState.set(p, st);
      });
    });
    this.state.clear();
    for (const [p, st] of newState) this.state.set(p, st);
    this.paramGroups.forEach((g, i) => (g.options = newOptions[i]));
  }

  /** Updates one parameter's values in place from its gradient and state. */
  protected abstract update(param: TypedArray, grad: TypedArray, state: Record<string, Float32Array | Float64Array | number>, options: H): void;

  protected buffer(param: TypedArray): Float32Array | Float64Array {
    return param instanceof Float64Array ? new Float64Array(param.length) : new Float32Array(param.length);
  }
}

function scalarOf(value: Tensor | number, where: string): number {
  if (typeof value === 'number') return value;
  if (!(value instanceof Tensor) || value.numel() !== 1) throw new TypeError(`${where}: expected a number or a one-element tensor`);
  return value.item();
}

/** A private copy of a state buffer in the parameter's dtype, after checking its shape. */
function bufferFor(p: Tensor, value: Tensor | number, where: string): Float32Array | Float64Array {
  if (!(value instanceof Tensor)) throw new TypeError(`${where}: expected a tensor, got ${typeof value}`);
  if (value.shape.join() !== p.shape.join()) {
    throw new RangeError(`${where}: shape [${value.shape.join(', ')}] does not match the parameter's [${p.shape.join(', ')}]`);
  }
  const values = value.to(p.dtype).toTypedArray();
  return p.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}
