/** The he2015 report: Markdown with the numbers of the three parts, and the charts as SVG files beside it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { he2015Charts } from './charts';
import { firstVersusDeeper } from './prelu';
import { endToEnd } from './signal';
import { rectifierGain } from './theory';
import type { He2015Result } from './study';

const fmt = (x: number) => (x !== 0 && (Math.abs(x) < 0.01 || Math.abs(x) >= 1000) ? x.toExponential(2) : x.toFixed(3));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The slopes of the gain table: ReLU, Maas et al.'s leaky 0.01, PReLU's init 0.25, and up to linear. */
export const GAIN_SLOPES = [0, 0.01, 0.1, 0.25, 0.5, 1];

/** The learned slopes and test errors of part 3, as a Markdown table (also shown by the notebook). */
export function preluTable(result: He2015Result): string {
  const layers = Math.max(...result.prelu.map((r) => r.meanSlopes.length));
  const head = Array.from({ length: layers }, (_, i) => `conv${i + 1} a`);
  const lines = [`| variant | test error | final training loss | ${head.join(' | ')} |`, `|---|---|---|${head.map(() => '---|').join('')}`];
  for (const r of result.prelu) {
    const a = head.map((_, i) => (r.meanSlopes[i] === undefined ? '-' : r.meanSlopes[i].toFixed(3)));
    lines.push(`| ${r.variant} | ${pct(r.testError)} | ${r.finalLoss.toFixed(3)} | ${a.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Part 2 as a Markdown table. */
export function convergenceTable(result: He2015Result): string {
  const t = result.config.convergence.errorThresholds;
  const w = result.config.convergence.window;
  const lines = [
    `| depth | init | loss, first ${w} steps | loss, last ${w} steps | best loss (${w}-step mean) | ${t.map((x) => `step to ${pct(x)} error`).join(' | ')} | test error | seconds |`,
    `|---|---|---|---|---|${t.map(() => '---|').join('')}---|---|`,
  ];
  for (const r of result.convergence) {
    const first = r.loss.subarray(0, w).reduce((a, b) => a + b, 0) / w;
    const steps = t.map((x) => String(r.stepsToError[String(x)] ?? 'never'));
    lines.push(`| ${r.depth} | ${r.scheme} | ${first.toFixed(3)} | ${r.finalLoss.toFixed(3)} | ${r.bestLoss.toFixed(3)} | ${steps.join(' | ')} | ${pct(r.testError)} | ${r.seconds.toFixed(1)} |`);
  }
  return lines.join('\n');
}

/** Part 1 as a Markdown table: end-to-end std ratios, measured and predicted. */
export function signalTable(result: He2015Result): string {
  const lines = [
    '| net | init | forward std, layer L / layer 1 | theory | backward std, layer 1 / layer L | theory |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of result.signal.runs) {
    const e = endToEnd(r);
    const L = r.forwardStd.length;
    lines.push(`| ${r.kind} | ${r.label} | ${fmt(e.forward)} | ${fmt(r.theoryForward[L - 1] / r.theoryForward[0])} | ${fmt(e.backward)} | ${fmt(r.theoryBackward[0] / r.theoryBackward[L - 1])} |`);
  }
  return lines.join('\n');
}

export function he2015Markdown(result: He2015Result, chartPaths: Record<string, string>): string {
  const c = result.config;
  const img = (name: string) => (chartPaths[name] ? `![${name.replace(/\.svg$/, '')}](${chartPaths[name]})` : '');
  const conv = c.convergence;
  const out: string[] = [];
  out.push('# He et al. 2015, Delving Deep into Rectifiers: reproduction', '');
  out.push(
    `Scale: **${result.scale}** (${result.seconds.toFixed(0)} s). Data: MNIST, ${result.trainExamples} training examples (${result.dataSource.train}); ` +
      `${result.testExamples} test examples (${result.dataSource.test}). Images standardized and average-pooled to ${c.side}x${c.side}.`,
    '',
  );
  out.push('## 1. Signal propagation at initialization (Sec. 2.2, Eq. 10 and 14)', '');
  out.push(
    `Plain nets of ${c.signal.depth} weight layers, each followed by a ReLU, zero biases, on N(0, 1) inputs (the i.i.d. inputs the analysis assumes): ` +
      `an MLP of ${c.signal.mlpBase}/${2 * c.signal.mlpBase}/${4 * c.signal.mlpBase} units (three equal stages) on ${c.signal.mlpInputs} inputs, batch ${c.signal.mlpBatch}, ` +
      `and 3x3 convolutions of ${c.signal.convBase}/${2 * c.signal.convBase}/${4 * c.signal.convBase} channels on ${c.signal.convSide}x${c.signal.convSide} maps (circular padding), batch ${c.signal.convBatch}. ` +
      'One forward and one backward pass (`signalPropagation` from @poise/diagnostics, the gradient at the output N(0, 1)) measures the std of each layer\'s output y_l and of the gradient at y_l. ' +
      'Theory (dashed), anchored at the measured first layer (forward) and last layer (backward): each layer multiplies Var[y] by (1+a²)/2 · fan_in · Var[w] and Var[Δy] by (1+a²)/2 · fan_out · Var[w]. ' +
      'Xavier (Var[w] = 2/(fan_in + fan_out)) halves the variance at every square layer; Kaiming fan-in keeps the forward variance, fan-out the backward one, and each leaves the other ' +
      'off by the ratio of widths only (the stages widen 4x: a factor 2 in std), not exponentially.',
    '',
  );
  out.push(signalTable(result), '');
  out.push(
    'The finite nets fall somewhat below the theory, which gives the expected variance: the log of a product of random per-layer factors drifts downward (Jensen), ' +
      'the more the narrower the layers; the narrow conv stack shows it most.',
    '',
  );
  for (const n of ['he2015-signal-mlp-forward.svg', 'he2015-signal-mlp-backward.svg', 'he2015-signal-conv-forward.svg', 'he2015-signal-conv-backward.svg']) out.push(img(n), '');
  out.push(`### Leaky ReLU / PReLU at init, slope a = ${c.signal.leakySlope}`, '');
  out.push('With slope a the rectifier keeps (1+a²)/2 of the variance, so the gain is sqrt(2/(1+a²)) (Eq. 15); the ReLU gain sqrt(2) on a leaky net grows the variance by (1+a²) per layer.', '');
  out.push('| a | gain sqrt(2/(1+a²)) |', '|---|---|', ...GAIN_SLOPES.map((a) => `| ${a} | ${rectifierGain(a).toFixed(4)} |`), '');
  out.push(img('he2015-signal-leaky.svg'), '');

  out.push('## 2. Convergence of deep plain nets (Fig. 2 and 3)', '');
  out.push(
    `Plain ReLU conv nets of ${conv.depths.join(' and ')} weight layers (depth - 1 circular 3x3 convolutions of ${conv.channels} channels at ${c.side}x${c.side}, ` +
      `then a Linear classifier on the flattened maps), no normalization, zero biases, weights from Xavier or Kaiming (fan-in), ` +
      `trained with the same SGD (lr ${conv.lr}, momentum ${conv.momentum}, batch ${conv.batchSize}, ${conv.steps} steps) on the same minibatches from the same seed. ` +
      `Errors are minibatch training errors, as running means over ${conv.window} steps; test error on the test split after training.`,
    '',
  );
  out.push(convergenceTable(result), '');
  for (const depth of conv.depths) {
    const x = result.convergence.find((r) => r.depth === depth && r.scheme === 'xavier');
    const k = result.convergence.find((r) => r.depth === depth && r.scheme === 'kaiming-fan-in');
    if (!x || !k) continue;
    const t = String(conv.errorThresholds[0]);
    const xs = x.stepsToError[t];
    const ks = k.stepsToError[t];
    out.push(
      `- **${depth} layers**: Kaiming's loss ends at ${k.finalLoss.toFixed(3)}, Xavier's at ${x.finalLoss.toFixed(3)} (ln 10 = 2.303). ` +
        `Training error first at ${pct(conv.errorThresholds[0])}: Kaiming at step ${ks ?? 'never'}, Xavier ${xs === null ? `not within ${conv.steps} steps` : `at step ${xs}`}.`,
    );
  }
  out.push('');
  out.push(
    'Paper: at 22 layers both converge and Kaiming starts reducing the error earlier; at 30 layers Xavier stalls while Kaiming converges. ' +
      'Xavier scales the logits and every weight gradient by about 2^-(L-1)/2 relative to Kaiming, so with the same learning rate its net moves that much slower.',
    '',
  );
  for (const depth of conv.depths) out.push(img(`he2015-loss-${depth}.svg`), '');
  out.push(img('he2015-error.svg'), '');

  const p = c.prelu;
  out.push('## 3. PReLU (Sec. 2.1, Tables 1 and 2)', '');
  out.push(
    `A ${p.depth}-layer conv net (${p.depth - 1} circular 3x3 convolutions of ${p.channels} channels and a Linear classifier) with ReLU, channel-shared PReLU or channel-wise PReLU, ` +
      `slopes initialised to ${p.init}, weights from Kaiming's gain for slope ${p.init}; SGD (lr ${p.lr}, momentum ${p.momentum}, weight decay ${p.weightDecay} on the weights and none on the slopes, ` +
      `a separate optimizer group), batch ${p.batchSize}, ${p.steps} steps.`,
    '',
  );
  out.push(preluTable(result), '');
  for (const r of result.prelu.filter((x) => x.meanSlopes.length > 1)) {
    const f = firstVersusDeeper(r);
    out.push(`- **${r.variant}**: first conv layer a = ${f.first.toFixed(3)}, deeper layers' mean ${f.deeper.toFixed(3)} (${f.first > f.deeper ? 'larger in the first layer, as in the paper' : 'not larger in the first layer'}).`);
  }
  out.push('', 'Paper (Table 1, channel-wise): 0.596 in conv1, smaller deeper (0.1-0.3), with the first layer acting more linearly to keep information; PReLU lowers the error at almost no extra parameters.', '');
  out.push(img('he2015-prelu-slopes.svg'), '', img('he2015-prelu-loss.svg'), '');
  return out.join('\n');
}

/** Writes `he2015.md` and its charts into `outDir/he2015/`. */
export async function writeHe2015Report(result: He2015Result, outDir = 'reports'): Promise<{ markdown: string; charts: string[] }> {
  const chartDir = join(outDir, 'he2015');
  mkdirSync(chartDir, { recursive: true });
  const paths: Record<string, string> = {};
  const written: string[] = [];
  for (const [name, chart] of Object.entries(he2015Charts(result))) {
    const file = join(chartDir, name);
    writeFileSync(file, await chart.toSVG());
    paths[name] = relative(outDir, file);
    written.push(file);
  }
  const markdown = join(outDir, 'he2015.md');
  writeFileSync(markdown, he2015Markdown(result, paths));
  return { markdown, charts: written };
}

/** The `--json` summary. */
export function he2015Summary(result: He2015Result): Record<string, unknown> {
  return {
    study: 'he2015',
    variant: 'default',
    scale: result.scale,
    seconds: result.seconds,
    dataSource: result.dataSource,
    signal: result.signal.runs.map((r) => ({ kind: r.kind, init: r.label, ...endToEnd(r) })),
    convergence: result.convergence.map((r) => ({
      depth: r.depth, init: r.scheme, finalLoss: r.finalLoss, bestLoss: r.bestLoss, stepsToError: r.stepsToError, testError: r.testError, seconds: r.seconds,
    })),
    prelu: result.prelu.map((r) => ({ variant: r.variant, testError: r.testError, finalLoss: r.finalLoss, meanSlopes: r.meanSlopes })),
  };
}
