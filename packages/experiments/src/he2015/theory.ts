/**
 * The arithmetic of He et al. 2015, Sec. 2.2, for a plain stack of L weight layers, each followed by a
 * rectifier with negative slope `a` (ReLU: a = 0; leaky ReLU / PReLU at init: a > 0).
 *
 * Forward (Eq. 7-10): y_l = W_l x_l, x_{l+1} = f(y_l). With zero-mean, symmetric weights,
 *   Var[y_l] = n_l Var[w_l] E[x_l^2] and E[x_{l+1}^2] = (1 + a^2)/2 Var[y_l], so
 *   Var[y_l] = Var[y_1] * prod_{k=2..l} (1 + a^2)/2 * n_k Var[w_k]        (n_k = fan-in = k^2 c_{k-1}).
 * Backward (Eq. 11-14): Δx_l = W_l^T Δy_l and Δy_{l-1} = f'(y_{l-1}) Δx_l, so
 *   Var[Δy_l] = Var[Δy_L] * prod_{k=l+1..L} (1 + a^2)/2 * n̂_k Var[w_k]   (n̂_k = fan-out = k^2 d_k).
 * Kaiming fan-in sets (1 + a^2)/2 n_k Var[w_k] = 1 (Eq. 10, 15); fan-out sets the backward factor to 1 (Eq.
 * 14); Xavier (Glorot & Bengio's 2/(n + n̂)) makes a square layer's factor 1/2: the variance halves at every
 * ReLU, the std shrinks by 2^-1/2.
 */

export const INIT_SCHEMES = ['xavier', 'kaiming-fan-in', 'kaiming-fan-out'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

/** The fans of one weight layer (PyTorch's rule: for a conv, k^2 times the channels). */
export interface LayerFans {
  fanIn: number;
  fanOut: number;
}

/** He et al.'s gain for a rectifier of negative slope a: sqrt(2 / (1 + a^2)) (Eq. 15); sqrt(2) for ReLU. */
export function rectifierGain(a: number): number {
  if (!Number.isFinite(a)) throw new RangeError(`rectifierGain: slope must be a finite number, got ${a}`);
  return Math.sqrt(2 / (1 + a * a));
}

/**
 * Var[w] that each scheme draws for a layer. `initSlope` is the slope the Kaiming gain is computed for (the
 * network's actual slope, or 0 to use the ReLU gain on a leaky network); Xavier has gain 1.
 */
export function weightVariance(scheme: InitScheme, fans: LayerFans, initSlope = 0): number {
  const g2 = rectifierGain(initSlope) ** 2;
  switch (scheme) {
    case 'xavier':
      return 2 / (fans.fanIn + fans.fanOut);
    case 'kaiming-fan-in':
      return g2 / fans.fanIn;
    case 'kaiming-fan-out':
      return g2 / fans.fanOut;
    default:
      throw new RangeError(`weightVariance: unknown scheme '${String(scheme)}'; expected one of ${INIT_SCHEMES.join(', ')}`);
  }
}

/** The per-layer variance factors (1 + a^2)/2 n Var[w] (forward) and (1 + a^2)/2 n̂ Var[w] (backward). */
export function varianceFactors(layers: readonly LayerFans[], variances: readonly number[], slope = 0): { forward: number[]; backward: number[] } {
  if (variances.length !== layers.length) {
    throw new RangeError(`varianceFactors: ${variances.length} variances for ${layers.length} layers`);
  }
  const r = (1 + slope * slope) / 2;
  return {
    forward: layers.map((l, i) => r * l.fanIn * variances[i]),
    backward: layers.map((l, i) => r * l.fanOut * variances[i]),
  };
}

/**
 * The predicted std of y_l (forward) and of Δy_l (backward) for l = 1..L, anchored at the measured
 * forward std of layer 1 and backward std of layer L (the theory says how the signal changes, not where
 * it starts: that depends on the input and the loss).
 */
export function theoryStd(
  layers: readonly LayerFans[],
  variances: readonly number[],
  anchors: { forwardFirst: number; backwardLast: number },
  slope = 0,
): { forward: number[]; backward: number[] } {
  const { forward: ff, backward: bf } = varianceFactors(layers, variances, slope);
  const L = layers.length;
  const forward = new Array<number>(L);
  const backward = new Array<number>(L);
  forward[0] = anchors.forwardFirst;
  for (let l = 1; l < L; l++) forward[l] = forward[l - 1] * Math.sqrt(ff[l]);
  backward[L - 1] = anchors.backwardLast;
  for (let l = L - 2; l >= 0; l--) backward[l] = backward[l + 1] * Math.sqrt(bf[l + 1]);
  return { forward, backward };
}

/** The fans of a plain MLP (`inputs` -> widths) or a kxk conv stack (`inputs` channels -> widths). */
export function plainFans(inputs: number, widths: readonly number[], kernel = 1): LayerFans[] {
  const k2 = kernel * kernel;
  return widths.map((w, i) => ({ fanIn: k2 * (i === 0 ? inputs : widths[i - 1]), fanOut: k2 * w }));
}
