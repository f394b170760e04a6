/**
 * Which modules a recorder watches and what kind of activation each is. Classes are recognised by name
 * along the prototype chain (a subclass of `Tanh` is a tanh), like `isTensor`'s duck typing: a module from
 * another copy of `@poise/nn` (a notebook's) is still recognised.
 */
import type { Module } from '@poise/nn';

/** The activation modules whose input is a pre-activation and whose output can saturate or die. */
export type ActivationKind = 'tanh' | 'sigmoid' | 'relu' | 'leaky-relu' | 'prelu';

const ACTIVATIONS: Record<string, ActivationKind> = {
  Tanh: 'tanh',
  Sigmoid: 'sigmoid',
  ReLU: 'relu',
  LeakyReLU: 'leaky-relu',
  PReLU: 'prelu',
};

/** Layers that only move values around: watching them would repeat their input's statistics. */
const SHAPE_ONLY = new Set(['Flatten', 'Unflatten', 'Identity', 'Dropout']);

function classNames(m: object): string[] {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(m) as object | null; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const name = (p as { constructor?: { name?: string } }).constructor?.name;
    if (name) names.push(name);
  }
  return names;
}

/** The module's activation kind, or null for any other layer. */
export function activationKind(m: object): ActivationKind | null {
  for (const name of classNames(m)) if (name in ACTIVATIONS) return ACTIVATIONS[name];
  return null;
}

/** Whether the module only reshapes or passes values through (Flatten, Identity, Dropout). */
export function isShapeOnly(m: object): boolean {
  return classNames(m).some((n) => SHAPE_ONLY.has(n));
}

/** Which layers to watch: their dotted names (as `namedModules()` gives them), or a predicate. */
export type LayerFilter = readonly string[] | ((name: string, module: Module) => boolean);

/**
 * The watched layers, in `namedModules()` order. By default every leaf module (one without children) that
 * is not shape-only; the model itself when it is a leaf.
 */
export function selectLayers(model: Module, filter?: LayerFilter): [string, Module][] {
  const all = [...model.namedModules()];
  if (Array.isArray(filter)) {
    const byName = new Map(all);
    return (filter as readonly string[]).map((name) => {
      const m = byName.get(name);
      if (m === undefined) {
        const known = all.map(([n]) => `'${n}'`).join(', ');
        throw new RangeError(`watch: no module named '${name}' in ${model.name}; its modules are ${known}`);
      }
      return [name, m];
    });
  }
  if (typeof filter === 'function') return all.filter(([name, m]) => filter(name, m));
  const leaves = all.filter(([, m]) => m.children().next().done === true && !isShapeOnly(m));
  return leaves;
}

/** `2 (Tanh)`: the dotted name with the class, or the class alone for the model itself. */
export function layerLabel(name: string, type: string): string {
  return name === '' ? type : `${name} (${type})`;
}
