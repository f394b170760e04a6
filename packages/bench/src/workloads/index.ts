import { convnetWorkload } from './convnet';
import { makemoreWorkload } from './makemore';
import { matmulWorkload } from './matmul';
import { mlpWorkload } from './mlp';
import type { Workload } from './types';

export type { Step, Workload } from './types';
export { matmulWorkload, makemoreWorkload, mlpWorkload, convnetWorkload };

/** Every workload of `npm run bench`, in table order (`quick` trims the matmul sizes). */
export function allWorkloads(quick = false): Workload[] {
  const sizes = quick ? [128, 512] : [64, 128, 256, 512];
  return [...sizes.map((n) => matmulWorkload(n)), makemoreWorkload, mlpWorkload(false), mlpWorkload(true), convnetWorkload];
}
