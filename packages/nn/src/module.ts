import { Tensor, noGrad, type DType } from '@poise/tensor';
import { Parameter } from './parameter';

export type ForwardHook<M extends Module = Module> = (module: M, inputs: unknown[], output: unknown) => unknown;
export type ForwardPreHook<M extends Module = Module> = (module: M, inputs: unknown[]) => unknown[] | void;
/** Called during backward with the gradient of the module's output (for a tensor output). */
export type BackwardHook<M extends Module = Module> = (module: M, gradOutput: Tensor) => Tensor | void;

export interface HookHandle {
  remove(): void;
}

export type StateDict = Record<string, Tensor>;

/**
 * The base class of every layer, in PyTorch's semantics. Submodules and parameters are found by
 * reflection over the module's own fields (a field holding a `Parameter`, a `Module` or an array of
 * modules), in the order they were assigned, so a subclass just assigns them in its constructor. Buffers
 * (running statistics) are registered explicitly with `registerBuffer`, under PyTorch's names.
 *
 * `forward` is wrapped once per instance so that calling `module.forward(x)` runs the forward hooks and
 * attaches the backward hooks; there is nothing else to call.
 */
export abstract class Module {
  /** Training mode (batch statistics, dropout) versus evaluation mode (running statistics). */
  training = true;
  private readonly _buffers = new Map<string, Tensor | null>();
  private readonly _nonPersistent = new Set<string>();
  private readonly _modules = new Map<string, Module>();
  // Stored loosely typed: each hook was registered with this module's own type (see the register methods).
  private readonly _forwardHooks: ForwardHook<Module>[] = [];
  private readonly _forwardPreHooks: ForwardPreHook<Module>[] = [];
  private readonly _backwardHooks: BackwardHook<Module>[] = [];

  abstract forward(...inputs: never[]): unknown;

  constructor() {
    const forward = this.forward as (...a: unknown[]) => unknown;
    // Own property shadowing the prototype method: every call goes through the hooks.
    Object.defineProperty(this, 'forward', {
      value: (...inputs: unknown[]) => this.callWithHooks(forward, inputs),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  private callWithHooks(forward: (...a: unknown[]) => unknown, inputs: unknown[]): unknown {
    let args = inputs;
    for (const hook of this._forwardPreHooks) args = hook(this, args) ?? args;
    let output = forward.apply(this, args);
    for (const hook of this._forwardHooks) {
      const replaced = hook(this, args, output);
      if (replaced !== undefined) output = replaced;
    }
    if (this._backwardHooks.length > 0 && output instanceof Tensor && output.requiresGrad) {
      output.registerHook((g) => {
        let grad = g;
        for (const hook of this._backwardHooks) grad = hook(this, grad) ?? grad;
        return grad;
      });
    }
    return output;
  }

  /** The module's name in printed summaries (the class name). */
  get name(): string {
    return this.constructor.name;
  }

  // ---- hooks ---------------------------------------------------------------------------------------------

  registerForwardHook(hook: ForwardHook<this>): HookHandle {
    return addHook(this._forwardHooks, hook as ForwardHook<Module>);
  }

  registerForwardPreHook(hook: ForwardPreHook<this>): HookHandle {
    return addHook(this._forwardPreHooks, hook as ForwardPreHook<Module>);
  }

  /** A hook called with the gradient of this module's output during backward (for diagnostics). */
  registerBackwardHook(hook: BackwardHook<this>): HookHandle {
    return addHook(this._backwardHooks, hook as BackwardHook<Module>);
  }

  // ---- structure -----------------------------------------------------------------------------------------

  /** Registers a submodule under an explicit name (e.g. Sequential's '0', '1', ...). */
  protected registerModule(name: string, module: Module): void {
    if (!(module instanceof Module)) throw new TypeError(`registerModule: '${name}' is not a Module`);
    this._modules.set(name, module);
  }

  /**
   * Registers a buffer: state that is saved in `stateDict` but is not a parameter (running statistics).
   * Non-persistent buffers are kept out of the state dict.
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    if (tensor !== null && !(tensor instanceof Tensor)) throw new TypeError(`registerBuffer: '${name}' must be a Tensor or null`);
    this._buffers.set(name, tensor);
    if (opts.persistent === false) this._nonPersistent.add(name);
    else this._nonPersistent.delete(name);
  }

  /** The current value of a registered buffer. */
  getBuffer(name: string): Tensor | null {
    if (!this._buffers.has(name)) throw new RangeError(`${this.name}: no buffer named '${name}'`);
    return this._buffers.get(name) ?? null;
  }

  /** Replaces a registered buffer's tensor (running statistics updated out of place). */
  setBuffer(name: string, tensor: Tensor | null): void {
    if (!this._buffers.has(name)) throw new RangeError(`${this.name}: no buffer named '${name}'`);
    this._buffers.set(name, tensor);
  }

  *namedChildren(): Generator<[string, Module]> {
    for (const [key, value] of Object.entries(this)) {
      if (key.startsWith('_')) continue;
      if (value instanceof Module) yield [key, value];
      else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (value[i] instanceof Module) yield [`${key}.${i}`, value[i] as Module];
      }
    }
    yield* this._modules.entries();
  }

  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and every descendant, depth first, with dotted names ('' for this module). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [name, child] of this.namedChildren()) yield* child.namedModules(prefix ? `${prefix}.${name}` : name);
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** This module's own parameters (not its children's), by field name. */
  *namedDirectParameters(): Generator<[string, Parameter]> {
    for (const [key, value] of Object.entries(this)) {
      if (!key.startsWith('_') && value instanceof Parameter) yield [key, value];
    }
  }

  /** Every parameter with its dotted name (`0.weight`, `bn.bias`), each once even if shared. */
  *namedParameters(): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.namedDirectParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        yield [prefix ? `${prefix}.${name}` : name, p];
      }
    }
  }

  parameters(): Parameter[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  *namedBuffers(): Generator<[string, Tensor]> {
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, b] of m._buffers) if (b !== null) yield [prefix ? `${prefix}.${name}` : name, b];
    }
  }

  buffers(): Tensor[] {
    return [...this.namedBuffers()].map(([, b]) => b);
  }

  /** The number of scalar parameters (`sum(p.nelement() for p in parameters)`). */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.numel(), 0);
  }

  // ---- modes and gradients -------------------------------------------------------------------------------

  /** Sets training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Drops every parameter's gradient (`p.grad = None`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Calls `fn` on every module, children first, like `module.apply(fn)`. */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- state ---------------------------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by dotted name (PyTorch's keys: `0.weight`, `bn.running_mean`),
   * as detached tensors sharing storage with the module.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [prefix, m] of this.namedModules()) {
      const key = (n: string) => (prefix ? `${prefix}.${n}` : n);
      for (const [name, p] of m.namedDirectParameters()) out[key(name)] = p.detach();
      for (const [name, b] of m._buffers) if (b !== null && !m._nonPersistent.has(name)) out[key(name)] = b.detach();
    }
    return out;
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers. With `strict` (default),
   * missing and unexpected keys are an error; a shape mismatch always is.
   */
  loadStateDict(state: StateDict, opts: { strict?: boolean } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !(k in own));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      throw new Error(
        `loadStateDict: error(s) in loading state dict for ${this.name}: ` +
          (missingKeys.length ? `missing key(s): ${missingKeys.join(', ')}. ` : '') +
          (unexpectedKeys.length ? `unexpected key(s): ${unexpectedKeys.join(', ')}.` : ''),
      );
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) {
        const src = state[key];
        if (src === undefined) continue;
        if (!(src instanceof Tensor)) throw new TypeError(`loadStateDict: value for '${key}' is not a Tensor`);
        if (src.shape.join() !== target.shape.join()) {
          throw new RangeError(
            `loadStateDict: size mismatch for ${key}: copying a param with shape [${src.shape.join(', ')}] from checkpoint, ` +
              `the shape in current model is [${target.shape.join(', ')}]`,
          );
        }
        target.copy_(src);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Converts every floating point parameter and buffer to `dtype`. Unlike PyTorch, the parameters are new
   * `Parameter` objects (a tensor's dtype is fixed), so create optimizers after calling `to()`.
   */
  to(dtype: DType): this {
    for (const m of this.modules()) {
      for (const [key, value] of Object.entries(m)) {
        if (value instanceof Parameter && value.dtype !== dtype) {
          (m as unknown as Record<string, unknown>)[key] = new Parameter(value.detach().to(dtype), value.requiresGrad);
        }
      }
      for (const [name, b] of m._buffers) if (b !== null && b.dtype !== 'int32' && b.dtype !== dtype) m._buffers.set(name, b.to(dtype));
    }
    return this;
  }

  /** A one-line-per-module summary, like printing a PyTorch module. */
  toString(): string {
    const children = [...this.namedChildren()];
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.name}(${extra})`;
    const lines = children.map(([n, c]) => `  (${n}): ${c.toString().split('\n').join('\n  ')}`);
    return `${this.name}(${extra ? extra + '\n' : '\n'}${lines.join('\n')}\n)`;
  }

  /** The layer's settings shown by `toString()`, e.g. `in_features=30, out_features=200, bias=True`. */
  extraRepr(): string {
    return '';
  }
}

function addHook<T>(list: T[], hook: T): HookHandle {
  list.push(hook);
  return {
    remove() {
      const i = list.indexOf(hook);
      if (i >= 0) list.splice(i, 1);
    },
  };
}
