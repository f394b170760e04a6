/**
 * Recommended gains: the factor by which an initializer scales its standard deviation so that a layer
 * followed by the given nonlinearity keeps the variance of the signal (PyTorch's `calculate_gain`).
 */
import { describe } from './target';

/** The nonlinearity names of `torch.nn.init.calculate_gain`, plus camelCase aliases. */
export type Nonlinearity =
  | 'linear' | 'identity'
  | 'conv1d' | 'conv2d' | 'conv3d'
  | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'selu'
  | 'leaky_relu' | 'leakyRelu';

/** PyTorch's default negative slope for `leaky_relu` when no parameter is given. */
export const DEFAULT_LEAKY_RELU_SLOPE = 0.01;

const ALIASES: Record<string, string> = {
  identity: 'linear',
  convTranspose1d: 'conv_transpose1d',
  convTranspose2d: 'conv_transpose2d',
  convTranspose3d: 'conv_transpose3d',
  leakyRelu: 'leaky_relu',
};

const LINEAR_LIKE = new Set([
  'linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid',
]);

/** Every name `calculateGain` accepts, in PyTorch's spelling first. */
export const NONLINEARITIES: readonly Nonlinearity[] = [
  'linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid',
  'tanh', 'relu', 'leaky_relu', 'selu', 'identity', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'leakyRelu',
];

/**
 * The recommended gain for a nonlinearity (`torch.nn.init.calculate_gain(nonlinearity, param)`):
 *
 * | nonlinearity | gain |
 * |---|---|
 * | linear / identity, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid | 1 |
 * | tanh | 5/3 |
 * | relu | sqrt(2) (He et al. 2015, "Delving Deep into Rectifiers") |
 * | leaky_relu | sqrt(2 / (1 + a^2)), a = `param`, default 0.01 |
 * | selu | 3/4 (found empirically, pytorch/pytorch#50664, so that `kaimingNormal` with `'linear'` fan-in
 *   stays close to SELU's self-normalising init) |
 *
 * The values are computed with PyTorch's double arithmetic (`5.0 / 3`, `math.sqrt(2.0 / (1 + a ** 2))`),
 * so they are the same doubles. `param` is only used by `leaky_relu` (a negative slope); as in PyTorch it
 * is ignored for the others, but it must be a finite number whenever it is given. Unknown names throw a
 * RangeError listing the accepted ones.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (typeof nonlinearity !== 'string') {
    throw new TypeError(`calculateGain: nonlinearity must be a string, got ${describe(nonlinearity)}`);
  }
  if (param !== undefined && param !== null && (typeof param !== 'number' || !Number.isFinite(param))) {
    throw new TypeError(`calculateGain: param (the negative slope of leaky_relu) must be a finite number, got ${describe(param)}`);
  }
  const name = ALIASES[nonlinearity] ?? nonlinearity;
  if (LINEAR_LIKE.has(name)) return 1;
  switch (name) {
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? DEFAULT_LEAKY_RELU_SLOPE;
      return Math.sqrt(2.0 / (1 + slope * slope)); // Python's `slope ** 2` is the correctly rounded square too
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new RangeError(`calculateGain: unsupported nonlinearity '${nonlinearity}'; expected one of ${NONLINEARITIES.join(', ')}`);
  }
}
