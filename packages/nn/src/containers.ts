import type { Tensor } from '@poise/tensor';
import { Module } from './module';

/** Runs modules one after another; children are named '0', '1', ... as in PyTorch. */
export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    layers.forEach((m, i) => {
      if (!(m instanceof Module)) throw new TypeError(`Sequential: argument ${i} is not a Module`);
    });
    this.layers = layers;
    // Registered by index rather than found by reflection so the state-dict keys are PyTorch's ('0.weight').
    Object.defineProperty(this, 'layers', { enumerable: false });
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }

  override forward(x: Tensor): Tensor {
    let h: unknown = x;
    for (const layer of this.layers) h = (layer.forward as (a: unknown) => unknown)(h);
    return h as Tensor;
  }

  get length(): number {
    return this.layers.length;
  }

  at(i: number): Module {
    const m = this.layers.at(i);
    if (m === undefined) throw new RangeError(`Sequential: index ${i} is out of range for ${this.layers.length} layers`);
    return m;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }
}

/** Flattens dims startDim..endDim (by default all but the batch dim), like `nn.Flatten`. */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Passes its input through unchanged (a placeholder layer, e.g. where a norm layer is switched off). */
export class Identity extends Module {
  override forward(x: Tensor): Tensor {
    return x;
  }
}
