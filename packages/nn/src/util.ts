import { zeros, type DType } from '@poise/tensor';
import { Parameter } from './parameter';

/** A parameter of the given shape, filled by the layer's initialiser right after. */
export function emptyParameter(shape: readonly number[], dtype: DType): Parameter {
  return new Parameter(zeros(shape, { dtype }));
}

export function checkFeatures(layer: string, sizes: Record<string, number>): void {
  for (const [name, v] of Object.entries(sizes)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new RangeError(`${layer}: ${name} must be a non-negative integer, got ${String(v)}`);
    }
  }
}
