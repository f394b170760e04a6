/** `poise reproduce he2015`: runs the study on the WASM backend with progress bars and writes reports/he2015.md. */
import { useWasm } from '@poise/backend-wasm';
import { ProgressBar } from '../progress';
import type { StudyCommand } from '../study-command';
import { HE2015_SCALES } from './config';
import { he2015Summary, writeHe2015Report } from './report';
import { endToEnd } from './signal';
import { runHe2015 } from './study';

export const he2015Command: StudyCommand = {
  name: 'he2015',
  summary: `He et al. 2015 (Delving Deep into Rectifiers): signal propagation at init, 22/30-layer plain nets
from Xavier vs Kaiming, PReLU on MNIST (quick: ${HE2015_SCALES.quick.convergence.steps} steps per deep net; full: ${HE2015_SCALES.full.convergence.steps})`,
  runByDefault: true,
  async run({ scale, out }) {
    await useWasm();
    const cfg = HE2015_SCALES[scale];
    const bars = new Map<string, ProgressBar>();
    const bar = (label: string, total: number) => {
      if (!bars.has(label)) bars.set(label, new ProgressBar(label, total));
      return bars.get(label)!;
    };
    const every = (steps: number) => Math.max(1, Math.floor(steps / 100));
    const result = await runHe2015(
      { scale },
      {
        onSignal: (r) => {
          const e = endToEnd(r);
          console.log(`  signal ${r.kind} ${r.label}: forward std L/1 ${e.forward.toExponential(2)}, backward 1/L ${e.backward.toExponential(2)}`);
        },
        onConvergenceStep: ({ depth, scheme }, step, loss) => {
          const steps = cfg.convergence.steps;
          if ((step + 1) % every(steps) === 0 || step + 1 === steps) bar(`he2015 ${depth} layers ${scheme}`, steps).update(step + 1, `loss ${loss.toFixed(3)}`);
        },
        onConvergenceRun: (r) =>
          console.log(`  ${r.depth} layers, ${r.scheme}: final loss ${r.finalLoss.toFixed(3)}, test error ${(100 * r.testError).toFixed(1)}% (${r.seconds.toFixed(1)} s)`),
        onPreluStep: (variant, step, loss) => {
          const steps = cfg.prelu.steps;
          if ((step + 1) % every(steps) === 0 || step + 1 === steps) bar(`he2015 ${variant}`, steps).update(step + 1, `loss ${loss.toFixed(3)}`);
        },
        onPreluRun: (r) =>
          console.log(`  ${r.variant}: test error ${(100 * r.testError).toFixed(2)}%, slopes per layer ${r.meanSlopes.map((a) => a.toFixed(3)).join(' ') || '-'}`),
      },
    );
    const report = await writeHe2015Report(result, out);
    console.log(`wrote ${report.markdown} and ${report.charts.length} charts (${result.seconds.toFixed(1)} s)`);
    return [he2015Summary(result)];
  },
};
