/**
 * The `poise` command line: `poise reproduce [study] [--scale quick|full] [--json FILE]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runMlpDemo } from './mlp-demo';
import { ProgressBar } from './progress';

const USAGE = `usage: poise reproduce [study] [--scale quick|full] [--json FILE]

studies:
  mlp-demo   a two-layer MLP fitted to a 3-class spiral with the tensor core (autograd + SGD)

With no study, every study runs at the chosen scale (quick by default).`;

export const STUDIES = ['mlp-demo'] as const;
type Study = (typeof STUDIES)[number];

interface Args {
  command: string | undefined;
  study: Study | undefined;
  scale: 'quick' | 'full';
  json: string | undefined;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: undefined, study: undefined, scale: 'quick', json: undefined };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale') {
      const v = argv[++i];
      if (v !== 'quick' && v !== 'full') throw new Error(`poise: --scale must be quick or full, got ${v ?? 'nothing'}`);
      args.scale = v;
    } else if (a === '--json') {
      const v = argv[++i];
      if (!v) throw new Error('poise: --json needs a file name');
      args.json = v;
    } else if (a.startsWith('--')) {
      throw new Error(`poise: unknown option ${a}\n\n${USAGE}`);
    } else positional.push(a);
  }
  args.command = positional[0];
  if (positional[1] !== undefined) {
    if (!(STUDIES as readonly string[]).includes(positional[1])) {
      throw new Error(`poise: unknown study '${positional[1]}'; available: ${STUDIES.join(', ')}`);
    }
    args.study = positional[1] as Study;
  }
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    console.log(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (args.command !== 'reproduce') throw new Error(`poise: unknown command '${args.command}'\n\n${USAGE}`);
  const studies = args.study ? [args.study] : [...STUDIES];
  const results: unknown[] = [];
  for (const study of studies) {
    if (study === 'mlp-demo') {
      const steps = args.scale === 'full' ? 3000 : 500;
      const bar = new ProgressBar('mlp-demo', steps);
      const result = runMlpDemo({ steps }, (step, loss) => {
        if ((step + 1) % 25 === 0 || step + 1 === steps) bar.update(step + 1, `loss ${loss.toFixed(4)}`);
      });
      console.log(`\nmlp-demo (${args.scale}): a 2-64-3 tanh MLP on a 3-class spiral, full-batch SGD`);
      console.log('  step   loss');
      for (let s = 0; s < result.losses.length; s += Math.ceil(steps / 10)) console.log(`  ${String(s).padStart(4)}   ${result.losses[s].toFixed(4)}`);
      console.log(`  ${String(steps - 1).padStart(4)}   ${result.finalLoss.toFixed(4)}`);
      console.log(`  training accuracy ${(result.accuracy * 100).toFixed(1)}%, ${result.seconds.toFixed(2)} s`);
      results.push({ ...result, scale: args.scale, variant: 'default' });
    }
  }
  if (args.json) {
    const path = resolve(args.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
    console.log(`wrote ${path}`);
  }
  return 0;
}
