import { Tensor, noGrad, readValues, updateInPlace, type TypedArray } from '@poise/tensor';

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
 * What every optimizer shares: parameter groups with per-group hyperparameters, per-parameter state, and
 * `zeroGrad`. Subclasses implement `update` for one parameter with fused typed-array loops.
 */
export abstract class Optimizer<H extends { lr: number }> {
  readonly paramGroups: ParamGroup<H>[];
  protected readonly state = new Map<Tensor, Record<string, Float32Array | Float64Array | number>>();

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

  /** Updates one parameter's values in place from its gradient and state. */
  protected abstract update(param: TypedArray, grad: TypedArray, state: Record<string, Float32Array | Float64Array | number>, options: H): void;

  protected buffer(param: TypedArray): Float32Array | Float64Array {
    return param instanceof Float64Array ? new Float64Array(param.length) : new Float32Array(param.length);
  }
}
