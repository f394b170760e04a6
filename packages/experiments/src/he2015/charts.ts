/** The study's charts (SVG via @poise/diagnostics), keyed by file name; the report, CLI and notebook share them. */
import { lineChart, lossCurves, signalStdChart, type Chart } from '@poise/diagnostics';
import type { He2015Result } from './study';
import type { SignalRun } from './signal';
import { windowMeans } from './train';

const LN10 = Math.log(10);

function signalChart(runs: SignalRun[], direction: 'forward' | 'backward', title: string): Chart {
  const depth = runs[0].forwardStd.length;
  const layers = Array.from({ length: depth }, (_, i) => i + 1);
  const measured = (r: SignalRun) => (direction === 'forward' ? r.forwardStd : r.backwardStd);
  const theory = (r: SignalRun) => (direction === 'forward' ? r.theoryForward : r.theoryBackward);
  return signalStdChart(layers, {
    title,
    xLabel: 'weight layer l',
    yLabel: direction === 'forward' ? 'std of y_l (log)' : 'std of the gradient at y_l (log)',
    series: runs.map((r) => ({ name: r.label, std: measured(r) })),
    theory: runs.map((r) => ({ name: r.label, std: theory(r) })),
  });
}

export function he2015Charts(result: He2015Result): Record<string, Chart> {
  const charts: Record<string, Chart> = {};
  const relu = (kind: 'mlp' | 'conv') => result.signal.runs.filter((r) => r.kind === kind && r.slope === 0);
  const names = { mlp: 'MLP', conv: '3x3 conv' };
  for (const kind of ['mlp', 'conv'] as const) {
    charts[`he2015-signal-${kind}-forward.svg`] = signalChart(relu(kind), 'forward', `${names[kind]}, ${result.config.signal.depth} ReLU layers: forward std (dashed: theory, Eq. 10)`);
    charts[`he2015-signal-${kind}-backward.svg`] = signalChart(relu(kind), 'backward', `${names[kind]}, ${result.config.signal.depth} ReLU layers: backward std (dashed: theory, Eq. 14)`);
  }
  const leaky = result.signal.runs.filter((r) => r.slope !== 0);
  charts['he2015-signal-leaky.svg'] = signalChart(leaky, 'forward', `MLP, leaky ReLU a=${result.config.signal.leakySlope}: gain sqrt(2/(1+a^2)) vs sqrt(2) (dashed: theory)`);

  const window = result.config.convergence.window;
  for (const depth of result.config.convergence.depths) {
    const runs = result.convergence.filter((r) => r.depth === depth);
    charts[`he2015-loss-${depth}.svg`] = lossCurves(runs.map((r) => ({ name: r.scheme, y: r.loss })), {
      window,
      title: `${depth}-layer plain ReLU conv net: training loss (mean of every ${window} steps)`,
      guide: { y: LN10, label: 'ln 10 = 2.303 (chance)' },
    });
  }
  charts['he2015-error.svg'] = lineChart(
    result.convergence.map((r) => ({ name: `${r.depth} layers, ${r.scheme}`, ...xy(windowMeans(r.error, window)) })),
    { title: `Training error (mean of every ${window} steps)`, xLabel: 'step', yLabel: 'training error', guide: { y: 0.9, label: 'chance' } },
  );

  const prelus = result.prelu.filter((r) => r.meanSlopes.length > 0);
  if (prelus.length > 0) {
    charts['he2015-prelu-slopes.svg'] = lineChart(
      prelus.map((r) => ({ name: r.variant, x: r.meanSlopes.map((_, i) => i + 1), y: r.meanSlopes })),
      { title: 'Learned PReLU slopes per conv layer (channel-wise: mean over channels)', xLabel: 'conv layer', yLabel: 'slope a', integerX: true, guide: { y: result.config.prelu.init, label: 'init' } },
    );
  }
  charts['he2015-prelu-loss.svg'] = lossCurves(result.prelu.map((r) => ({ name: r.variant, y: r.loss })), {
    window: Math.max(1, Math.floor(result.config.prelu.steps / 50)),
    title: `${result.config.prelu.depth}-layer conv net: training loss, ReLU vs PReLU`,
  });
  return charts;
}

function xy(w: { step: number[]; value: number[] }): { x: number[]; y: number[] } {
  return { x: w.step, y: w.value };
}
