/**
 * Hyperparameters under PyTorch's snake_case names (`weight_decay`) to ours (`weightDecay`), for loading
 * torch.optim param groups. Only keys present with the right type are taken; others (`foreach`, `fused`,
 * `params`) are PyTorch implementation switches with no meaning here, and are ignored.
 */
export function pick<H>(group: Record<string, unknown>, names: Record<string, keyof H & string>): Partial<H> {
  const out: Record<string, unknown> = {};
  for (const [torch, ours] of Object.entries(names)) {
    const v = group[torch];
    if (typeof v === 'number' || typeof v === 'boolean') out[ours] = v;
    else if (v !== undefined && v !== null) throw new TypeError(`param group: '${torch}' must be a number or boolean, got ${JSON.stringify(v)}`);
  }
  return out as Partial<H>;
}
