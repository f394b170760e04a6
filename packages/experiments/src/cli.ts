/**
 * The `poise` command line: `poise reproduce [study] [--scale quick|full] [--variant V] [--json FILE] [--out DIR]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runMlpDemo } from './mlp-demo';
import { ProgressBar } from './progress';
import { VARIANTS, type Variant } from './makemore/model';
import { SCALES, loadMakemoreData, runMakemore, type MakemoreResult } from './makemore/study';
import { makemoreSummary, writeMakemoreReport } from './makemore/report';

export const STUDIES = ['makemore', 'mlp-demo'] as const;
type Study = (typeof STUDIES)[number];
/** What `poise reproduce` runs with no study named: the reproductions (the demo is opt-in). */
const DEFAULT_STUDIES: Study[] = ['makemore'];

const USAGE = `usage: poise reproduce [study] [--scale quick|full] [--variant NAME] [--json FILE] [--out DIR]

studies:
  makemore   the seeds' character MLP: baseline, fixed-init, kaiming and batchnorm variants
             (full scale: the seeds' 200,000 steps; quick: ${SCALES.quick.steps} steps)
  mlp-demo   a two-layer MLP fitted to a 3-class spiral with the tensor core (autograd + SGD)

With no study, every reproduction runs (today: makemore) at the chosen scale (quick by default).
Reports go to DIR (default ./reports); names.txt is found through $POISE_DATA, the cache, a download,
or the embedded fallback (see @poise/datasets).`;

export interface Args {
  command: string | undefined;
  study: Study | undefined;
  scale: 'quick' | 'full';
  variant: Variant | undefined;
  json: string | undefined;
  out: string;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: undefined, study: undefined, scale: 'quick', variant: undefined, json: undefined, out: 'reports' };
  const positional: string[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`poise: ${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale') {
      const v = value(++i, '--scale');
      if (v !== 'quick' && v !== 'full') throw new Error(`poise: --scale must be quick or full, got ${v}`);
      args.scale = v;
    } else if (a === '--variant') {
      const v = value(++i, '--variant');
      if (!(VARIANTS as readonly string[]).includes(v)) throw new Error(`poise: unknown variant '${v}'; available: ${VARIANTS.join(', ')}`);
      args.variant = v as Variant;
    } else if (a === '--json') args.json = value(++i, '--json');
    else if (a === '--out') args.out = value(++i, '--out');
    else if (a.startsWith('--')) throw new Error(`poise: unknown option ${a}\n\n${USAGE}`);
    else positional.push(a);
  }
  args.command = positional[0];
  if (positional[1] !== undefined) {
    if (!(STUDIES as readonly string[]).includes(positional[1])) {
      throw new Error(`poise: unknown study '${positional[1]}'; available: ${STUDIES.join(', ')}`);
    }
    args.study = positional[1] as Study;
  }
  if (args.variant !== undefined && args.study !== 'makemore') throw new Error('poise: --variant applies to the makemore study; name it: poise reproduce makemore --variant ...');
  return args;
}

async function reproduceMakemore(args: Args): Promise<Record<string, unknown>[]> {
  const { data, source } = await loadMakemoreData();
  const variants = args.variant ? [args.variant] : [...VARIANTS];
  const { steps } = SCALES[args.scale];
  const results: MakemoreResult[] = [];
  for (const variant of variants) {
    const bar = new ProgressBar(`makemore ${variant}`, steps);
    const every = Math.max(1, Math.floor(steps / 200));
    results.push(
      runMakemore(data, { variant, ...SCALES[args.scale] }, (i, loss) => {
        if ((i + 1) % every === 0 || i + 1 === steps) bar.update(i + 1, `loss ${loss.toFixed(4)}`);
      }, { scale: args.scale, dataSource: source }),
    );
    const r = results[results.length - 1];
    console.log(`  ${variant}: train ${r.splits.train.toFixed(4)}  val ${r.splits.val.toFixed(4)}  test ${r.splits.test.toFixed(4)}  (${r.seconds.toFixed(1)} s)`);
  }
  const report = await writeMakemoreReport(results, args.out);
  console.log(`wrote ${report.markdown} and ${report.charts.length} charts`);
  return results.map(makemoreSummary);
}

function reproduceMlpDemo(args: Args): Record<string, unknown>[] {
  const steps = args.scale === 'full' ? 3000 : 500;
  const bar = new ProgressBar('mlp-demo', steps);
  const result = runMlpDemo({ steps }, (step, loss) => {
    if ((step + 1) % 25 === 0 || step + 1 === steps) bar.update(step + 1, `loss ${loss.toFixed(4)}`);
  });
  console.log(`  mlp-demo: loss ${result.initialLoss.toFixed(4)} -> ${result.finalLoss.toFixed(4)}, training accuracy ${(result.accuracy * 100).toFixed(1)}%`);
  return [{ study: 'mlp-demo', variant: 'default', scale: args.scale, seconds: result.seconds, finalLoss: result.finalLoss, accuracy: result.accuracy }];
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    console.log(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (args.command !== 'reproduce') throw new Error(`poise: unknown command '${args.command}'\n\n${USAGE}`);
  const studies = args.study ? [args.study] : DEFAULT_STUDIES;
  const summaries: Record<string, unknown>[] = [];
  for (const study of studies) {
    console.log(`poise reproduce ${study} (scale: ${args.scale})`);
    summaries.push(...(study === 'makemore' ? await reproduceMakemore(args) : reproduceMlpDemo(args)));
  }
  if (args.json) {
    const path = resolve(args.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
    console.log(`wrote ${path}`);
  }
  return 0;
}
