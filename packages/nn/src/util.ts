import { zeros, type DType, type Generator, type Tensor } from '@poise/tensor';
import { fans, kaimingUniform, uniform } from '@poise/init';
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

/**
 * PyTorch's `reset_parameters` for Linear and Conv layers, the same draws in the same order:
 * kaiming_uniform_(weight, a=sqrt(5)), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), then the bias from the
 * same range.
 */
export function resetLikeTorch(weight: Tensor, bias: Tensor | null, generator?: Generator): void {
  kaimingUniform(weight, { a: Math.sqrt(5), generator });
  if (bias !== null) {
    const { fanIn } = fans(weight.shape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform(bias, -bound, bound, { generator });
  }
}
