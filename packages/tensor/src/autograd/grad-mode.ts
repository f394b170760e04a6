/**
 * Whether ops record the autograd graph. A counter rather than a flag so that nested `noGrad` calls
 * restore the right state, also when the callback throws.
 */
let disabledDepth = 0;
let forcedEnabledDepth = 0;

export function isGradEnabled(): boolean {
  return disabledDepth === 0 || forcedEnabledDepth > 0;
}

/**
 * Runs `fn` without recording the graph, like `with torch.no_grad():`. Results of ops inside do not
 * require grad, and in-place updates of leaves that require grad (optimizer steps) are allowed.
 */
export function noGrad<T>(fn: () => T): T {
  const savedForced = forcedEnabledDepth;
  disabledDepth++;
  forcedEnabledDepth = 0;
  try {
    return fn();
  } finally {
    disabledDepth--;
    forcedEnabledDepth = savedForced;
  }
}

/** Re-enables recording inside a `noGrad` region, like `torch.enable_grad()`. */
export function enableGrad<T>(fn: () => T): T {
  forcedEnabledDepth++;
  try {
    return fn();
  } finally {
    forcedEnabledDepth--;
  }
}
